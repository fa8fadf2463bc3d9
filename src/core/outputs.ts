import type { BuildView } from './build.js';
import { buildDuration, type GateState } from './gate/state.js';
import { SUPERSEDE_CHAIN_MAX } from './gate/supersede.js';
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

/** Every output of an action with `capabilities`, in action.yml order. */
export function outputNames(capabilities: Capabilities): string[] {
  return [
    ...GATE_OUTPUTS,
    ...capabilities.afterSuccessOutputs,
    ...(capabilities.pin ? [CAPABILITY_OUTPUTS.pin] : []),
    ...(capabilities.logs ? [CAPABILITY_OUTPUTS.logs] : []),
    ...(capabilities.supersede ? [CAPABILITY_OUTPUTS.supersede] : [])
  ];
}

/**
 * The action's outputs from what the run learned; empty strings where a value is not known, and
 * where a server value is not one plain line within its bound or holds a secret (`exactOutput`).
 */
export function gateOutputs(
  state: GateState,
  capabilities: Capabilities,
  redact: (text: string) => string
): Record<string, string> {
  const outputText = (value: string | undefined): string => exactOutput(value, redact);
  const build: Partial<BuildView> = state.build ?? {};
  const took = state.build ? buildDuration(state.build) : undefined;
  const own = (name: string): string => state.afterSuccessOutputs[name] || (build.outputs?.[name] ?? '');
  return {
    build_id: outputText(build.id),
    status: build.statusCleaned ? '' : outputText(build.status),
    result: state.result ?? '',
    created_at: isoTime(build.createdAt) ?? '',
    started_at: isoTime(build.startedAt) ?? '',
    completed_at: isoTime(build.completedAt) ?? '',
    duration_seconds: took === undefined ? '' : String(Math.round(took / 1000)),
    ...Object.fromEntries(capabilities.afterSuccessOutputs.map(name => [name, outputText(own(name))])),
    ...(capabilities.pin && { [CAPABILITY_OUTPUTS.pin]: state.pin ? String(state.pin.pinned) : '' }),
    ...(capabilities.logs && { [CAPABILITY_OUTPUTS.logs]: state.log?.path ?? '' }),
    ...(capabilities.supersede && {
      [CAPABILITY_OUTPUTS.supersede]: exactOutput(state.superseded.join(','), redact, SUPERSEDED_IDS_MAX_CHARS)
    })
  };
}

/** ISO 8601, or undefined for a time that is not known or that no date can show (a hostile timestamp). */
export function isoTime(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
