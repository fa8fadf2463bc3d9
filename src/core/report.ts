import type { BuildView } from './build.js';
import { formatDuration } from './duration.js';
import { buildDuration, type GateState } from './gate.js';

/** Names of the outputs every build action sets, in action.yml order. */
export const OUTPUT_NAMES = [
  'build_id',
  'status',
  'result',
  'created_at',
  'started_at',
  'completed_at',
  'duration_seconds'
] as const;

function iso(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString();
}

/** The action's outputs from what the run learned; empty strings where a value is not known. */
export function gateOutputs(state: GateState): Record<string, string> {
  const build: Partial<BuildView> = state.build ?? {};
  const took = state.build ? buildDuration(state.build) : undefined;
  return {
    build_id: build.id ?? '',
    status: build.status ?? '',
    result: state.result ?? '',
    created_at: iso(build.createdAt),
    started_at: iso(build.startedAt),
    completed_at: iso(build.completedAt),
    duration_seconds: took === undefined ? '' : String(Math.round(took / 1000)),
    ...backendOutputs(state)
  };
}

/** The backend's own outputs: from its follow-up after a success, else from the last sighting of the build. */
function backendOutputs(state: GateState): Record<string, string> {
  const seen = state.build?.outputs ?? {};
  return Object.fromEntries(
    Object.entries(state.followUpOutputs).map(([name, value]) => [name, value || (seen[name] ?? '')])
  );
}

const RESULT_ICON: Record<string, string> = {
  success: '✅',
  failure: '❌',
  cancelled: '⚪',
  timed_out: '⏱️',
  triggered: '🚀'
};

/** The job summary: a table of the build and its status timeline, as GitHub-flavoured Markdown. */
export function gateSummary(title: string, state: GateState, message: string | undefined): string {
  const outputs = gateOutputs(state);
  const cell = (text: string): string => (text === '' ? '—' : text.replace(/\|/g, '\\|').replace(/\n/g, ' '));
  const rows: [string, string][] = [
    ['Build', outputs.build_id],
    ['Result', outputs.result && `${RESULT_ICON[outputs.result] ?? ''} ${outputs.result}`.trim()],
    ['Status', outputs.status],
    ['Trigger', state.build?.trigger ?? ''],
    ['Created', outputs.created_at],
    ['Started', outputs.started_at],
    ['Completed', outputs.completed_at],
    ['Duration', outputs.duration_seconds && formatDuration(Number(outputs.duration_seconds) * 1000)],
    ...Object.entries(backendOutputs(state)).map(([name, value]): [string, string] => [
      name[0].toUpperCase() + name.slice(1).replace(/_/g, ' '),
      value
    ])
  ];
  const lines = [`## ${title}`, ''];
  if (message) lines.push(`> ${cell(message)}`, '');
  lines.push('| | |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`), '');
  if (state.timeline.length) {
    lines.push('### Timeline', '', '| after | status |', '|---|---|');
    lines.push(...state.timeline.map(entry => `| ${formatDuration(entry.elapsedMs)} | ${cell(entry.status)} |`), '');
  }
  return lines.join('\n');
}
