import type { BuildView } from './build.js';
import { newGateState, type GateState } from './gate/state.js';
import { SUPERSEDE_CHAIN_MAX } from './gate/supersede.js';
import { buildDuration, isoTime } from './time.js';
import { exactOutput } from './untrusted.js';

/** The longest build id the run accepts from a server (BUILD_ID_PATTERN in untrusted.ts). */
const BUILD_ID_MAX_CHARS = 200;
/**
 * `superseded_build_ids`' own bound: every chain the run follows (SUPERSEDE_CHAIN_MAX builds at
 * most, each id within BUILD_ID_MAX_CHARS, comma-separated), so that it is never refused.
 */
export const SUPERSEDED_IDS_MAX_CHARS = SUPERSEDE_CHAIN_MAX * (BUILD_ID_MAX_CHARS + 1) - 1;

/** The outputs every build action sets, in action.yml order. */
export const GATE_OUTPUTS = [
  'build_id',
  'status',
  'result',
  'created_at',
  'started_at',
  'completed_at',
  'duration_seconds'
] as const;

/**
 * What an action's backend can do beyond the gate's core, declared with the outputs each sets:
 * the after-success check's own outputs, `pinned` with a pin, `log_path` with logs,
 * `superseded_build_ids` with supersede. The backend has the matching methods (afterSuccess, pin,
 * logUrl, supersededBy); the contract suites check that they agree.
 */
export interface Capabilities {
  /** The after-success check's outputs, e.g. `active`; empty without one. */
  afterSuccessOutputs: readonly string[];
  pin: boolean;
  logs: boolean;
  /** Builds another trigger superseded are followed to the one that carries the blueprints (supersededBy). */
  supersede: boolean;
}

/** The output a capability of the core sets. */
export const CAPABILITY_OUTPUTS = { pin: 'pinned', logs: 'log_path', supersede: 'superseded_build_ids' } as const;

type GateOutputName = (typeof GATE_OUTPUTS)[number];
type CapabilityName = keyof typeof CAPABILITY_OUTPUTS;
type CapabilityOutputName = (typeof CAPABILITY_OUTPUTS)[CapabilityName];

/**
 * The outputs of an action with capabilities `C`, by name: what its declaration must declare (no
 * more, no fewer) and what gateOutputs sets.
 */
export type OutputName<C extends Capabilities> =
  | GateOutputName
  | C['afterSuccessOutputs'][number]
  | { [Name in CapabilityName]: C[Name] extends true ? (typeof CAPABILITY_OUTPUTS)[Name] : never }[CapabilityName];

/** Every output of an action with `capabilities`, in action.yml order. */
export function outputNames(capabilities: Capabilities): string[] {
  return Object.keys(gateOutputs(newGateState(0), capabilities, text => text));
}

/**
 * The action's outputs from what the run learned, each name once, in action.yml order; empty
 * strings where a value is not known, and where a server value is not one plain line within its
 * bound or holds a secret (`exactOutput`). Each name is a key of a typed record: one left out is a
 * type error.
 */
export function gateOutputs<C extends Capabilities>(
  state: GateState,
  capabilities: C,
  redact: (text: string) => string
): Record<OutputName<C>, string> {
  const outputText = (value: string | undefined): string => exactOutput(value, redact);
  const build: Partial<BuildView> = state.build ?? {};
  const took = state.build ? buildDuration(state.build) : undefined;
  const own = (name: string): string => state.afterSuccessOutputs[name] || (build.outputs?.[name] ?? '');
  const gate: Record<GateOutputName, string> = {
    build_id: outputText(build.id),
    status: build.statusCleaned ? '' : outputText(build.status),
    result: state.result ?? '',
    created_at: isoTime(build.createdAt) ?? '',
    started_at: isoTime(build.startedAt) ?? '',
    completed_at: isoTime(build.completedAt) ?? '',
    duration_seconds: took === undefined ? '' : String(Math.round(took / 1000))
  };
  const byCapability: Record<CapabilityOutputName, string> = {
    pinned: state.pin ? String(state.pin.pinned) : '',
    log_path: state.log?.path ?? '',
    superseded_build_ids: exactOutput(state.superseded.join(','), redact, SUPERSEDED_IDS_MAX_CHARS)
  };
  const capabilityNames = (Object.keys(CAPABILITY_OUTPUTS) as CapabilityName[])
    .filter(name => capabilities[name])
    .map(name => CAPABILITY_OUTPUTS[name]);
  return {
    ...gate,
    ...Object.fromEntries(capabilities.afterSuccessOutputs.map(name => [name, outputText(own(name))])),
    ...Object.fromEntries(capabilityNames.map(name => [name, byCapability[name]]))
  } as Record<OutputName<C>, string>;
}
