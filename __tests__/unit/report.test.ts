// The job summary and the outputs, from a GateState as the gate leaves it after each kind of run,
// and from whole runs in process against the Devin fake.
import { describe, expect, it } from '@jest/globals';
import { mainStepInProcess } from '../../harness/in-process.js';
import devinKit from '../../harness/kits/devin.js';
import { VirtualClock } from '../../harness/virtual-clock.js';
import type { BuildView } from '../../src/core/build.js';
import { newGateState, type GateState } from '../../src/core/gate/state.js';
import { GATE_OUTPUTS, gateOutputs as outputsOf, type Capabilities } from '../../src/core/outputs.js';
import { gateSummary, SUMMARY_LOG_LINES, SUMMARY_TIMELINE_ROWS, withOwnValues } from '../../src/core/report.js';
import { SUMMARY_MAX_BYTES } from '../../src/core/untrusted.js';
import { maskedAndRendered, startFake } from '../support/index.js';

const RUN_STARTED_AT = Date.UTC(2026, 10, 24, 9, 0, 0);
const S = 1000;

/** A Devin build created when the run started, 20 s in the queue, then 4m12s running. */
function build(overrides: Partial<BuildView> = {}): BuildView {
  return {
    id: 'bld_0123456789abcdef',
    status: 'succeeded',
    phase: 'success',
    trigger: 'manual',
    createdAt: RUN_STARTED_AT,
    startedAt: RUN_STARTED_AT + 20 * S,
    completedAt: RUN_STARTED_AT + 272 * S,
    ...overrides
  };
}

function state(overrides: Partial<GateState> = {}): GateState {
  return {
    ...newGateState(RUN_STARTED_AT),
    timeline: [
      { elapsedMs: 0, status: 'pending' },
      { elapsedMs: 20 * S, status: 'running' },
      { elapsedMs: 275 * S, status: overrides.build?.status ?? 'succeeded' }
    ],
    ...overrides
  };
}

const succeeded = (overrides: Partial<GateState> = {}): GateState =>
  state({ build: build(), result: 'success', afterSuccessOutputs: { active: 'true' }, ...overrides });

const lines = (summary: string): string[] => summary.split('\n');
const tableRows = (summary: string): string[] => lines(summary).filter(line => line.startsWith('|'));
const headings = (summary: string): string[] => lines(summary).filter(line => line.startsWith('#'));

describe('gateSummary', () => {
  it('puts a success and its duration in the heading, and the facts in words', () => {
    const summary = gateSummary('Snapshot build', succeeded(), 'Build bld_0123456789abcdef succeeded after 4m12s.');
    expect(summary).toBe(
      [
        '## ✅ Snapshot build succeeded in 4m12s',
        '',
        '- **Build:** bld&#95;0123456789abcdef (trigger: manual)',
        '- **Status:** succeeded',
        '- **Created:** 2026-11-24 09:00:00 UTC',
        '- **Started:** 09:00:20 UTC, after 20s in the queue',
        '- **Finished:** 09:04:32 UTC, after 4m12s running',
        '- **Active:** yes',
        '',
        '### Timeline',
        '',
        '| Seen at (UTC) | Into the run | Status |',
        '|---|---|---|',
        '| 09:00:00 | 0s | pending |',
        '| 09:00:20 | 20s | running |',
        '| 09:04:35 | 4m35s | succeeded |',
        ''
      ].join('\n')
    );
  });

  it('says a pinned success is pinned', () => {
    const summary = gateSummary('Snapshot build', succeeded({ pin: { pinned: true } }), undefined);
    expect(headings(summary)[0]).toBe('## ✅ Snapshot build succeeded in 4m12s');
    expect(summary).toContain('- **Pinned:** yes, new sessions start from this build\n');
  });

  it('says in the heading that a success was not pinned, and why', () => {
    const failedPin = gateSummary(
      'Snapshot build',
      succeeded({ pin: { pinned: false, error: 'the pin endpoint answered 403' } }),
      undefined
    );
    expect(headings(failedPin)[0]).toBe('## ⚠️ Snapshot build succeeded in 4m12s but is not pinned');
    expect(failedPin).toContain('- **Not pinned:** the pin endpoint answered 403\n');

    const elsewhere = gateSummary('Snapshot build', succeeded({ pinnedElsewhere: 'bld_older' }), undefined);
    expect(headings(elsewhere)[0]).toBe('## ⚠️ Snapshot build succeeded in 4m12s but is not pinned');
    expect(elsewhere).toContain(
      '- **Not pinned:** the organization is pinned to build bld&#95;older, which new sessions keep using\n'
    );
  });

  it('says why the step failed whatever the verdict: a success whose step failed is no ✅', () => {
    const message = 'Could not set the output status: EISDIR: illegal operation on a directory.';
    const summary = gateSummary('Snapshot build', succeeded(), message, { failed: true });
    expect(headings(summary)[0]).toBe('## ⚠️ Snapshot build succeeded in 4m12s, but the step failed');
    expect(summary).toContain(
      '> Could not set the output status&#58; EISDIR&#58; illegal operation on a directory&#46;\n'
    );

    const failedPin = 'Build bld_0123456789abcdef succeeded after 4m12s, but was not pinned: refused (409)';
    const pin = gateSummary(
      'Snapshot build',
      succeeded({ pin: { pinned: false, error: 'refused (409)' } }),
      failedPin,
      { failed: true }
    );
    expect(headings(pin)[0]).toBe('## ⚠️ Snapshot build succeeded in 4m12s but is not pinned');
    expect(pin).toContain('but was not pinned&#58; refused &#40;409&#41;\n');
  });

  it('says why a verdict is inconclusive: the heading, then the reason', () => {
    const message =
      'Inconclusive: Build bld_0123456789abcdef succeeded after 4m12s. But the blueprint could not be read again after the build (403).';
    const summary = gateSummary('Snapshot build', succeeded({ result: 'inconclusive' }), message, { failed: true });
    expect(headings(summary)[0]).toBe('## ❔ Snapshot build inconclusive');
    expect(summary).toContain(
      '> Inconclusive&#58; Build bld&#95;0123456789abcdef succeeded after 4m12s&#46; But the blueprint'
    );
  });

  it('shows a failure with its reason and the end of its log, open', () => {
    const tail = Array.from({ length: 45 }, (_, index) => `step ${index + 1}: <b>ok</b> | *fine*`);
    tail.push('npm ERR! missing script: "build"');
    const failed = state({
      build: build({ status: 'failed', phase: 'failure', errorMessage: 'npm exited 1' }),
      result: 'failure',
      log: { tail, path: '/home/runner/work/_temp/build.log' }
    });
    const message = 'Build bld_0123456789abcdef failed after 4m12s (status failed): npm exited 1. See the logs.';
    const summary = gateSummary('Snapshot build', failed, message);
    expect(headings(summary)).toEqual(['## ❌ Snapshot build failed after 4m12s', '### Timeline']);
    expect(summary).toContain(
      '> Build bld&#95;0123456789abcdef failed after 4m12s &#40;status failed&#41;&#58; npm exited 1&#46; See the logs&#46;\n'
    );
    expect(summary).toContain('- **Status:** failed\n');
    const block = summary.slice(summary.indexOf('<details open>'), summary.indexOf('</details>'));
    expect(block).toContain(`<summary>Build log: the last ${SUMMARY_LOG_LINES} lines</summary>`);
    // As the API wrote them, in a code block: only the last lines, none read as markup.
    expect(block).toContain('```text\nstep 17: <b>ok</b> | *fine*\n');
    expect(block).not.toContain('step 16:');
    expect(block).toContain('npm ERR! missing script: "build"\n```\n');
    expect(block).toContain(
      'The whole log is in the file the log_path output names: upload it with actions/upload-artifact to keep it.'
    );
    expect(block).not.toContain('/home/runner');
    expect(summary.indexOf('</details>')).toBeLessThan(summary.indexOf('### Timeline'));
  });

  it('keeps a log line of backticks inside its code block', () => {
    const tail = ['before', '```', '`````` not a fence either', 'after'];
    const summary = gateSummary('Snapshot build', state({ build: build(), result: 'success', log: { tail } }), '');
    expect(summary).toContain('<details>\n');
    expect(summary).toContain(['```````text', ...tail, '```````', ''].join('\n'));
  });

  it('says why there is no log', () => {
    const log = { tail: [], unavailable: 'the logs endpoint answered 404' };
    const summary = gateSummary('Snapshot build', state({ build: build(), result: 'failure', log }), 'failed');
    expect(summary).toContain('\n**Build log:** not available: the logs endpoint answered 404.\n');
    expect(summary).not.toContain('<details');
  });

  it('says a truncated log is not the end of it', () => {
    const log = { tail: ['last line'], truncated: true };
    const summary = gateSummary('Snapshot build', state({ build: build(), result: 'failure', log }), 'failed');
    expect(summary).toContain('<summary>Build log: the last line</summary>');
    expect(summary).toContain('The download stopped at its size cap, so this is not the end of the log.');
  });

  it('shows a timeout with the message and the build as it last was', () => {
    const running = build({ status: 'running', phase: 'in_progress', completedAt: undefined });
    const summary = gateSummary(
      'Snapshot build',
      state({ build: running, result: 'timed_out' }),
      'timed out after 30m; build bld_0123456789abcdef is still running'
    );
    expect(headings(summary)[0]).toBe('## ⏱️ Snapshot build timed out');
    expect(summary).toContain('> timed out after 30m; build bld&#95;0123456789abcdef is still running\n');
    expect(summary).toContain('- **Status:** running\n');
    expect(summary).not.toContain('**Finished:**');
  });

  it('shows a cancelled run, with or without a build', () => {
    const cancelled = build({ status: 'cancelled', phase: 'cancelled' });
    const withBuild = gateSummary(
      'Dreadnode build',
      state({ build: cancelled, result: 'cancelled' }),
      'The run was cancelled; build bld_0123456789abcdef: cancel requested, the build is now cancelled.'
    );
    expect(headings(withBuild)[0]).toBe('## ⚪ Dreadnode build cancelled');
    expect(withBuild).toContain('- **Status:** cancelled\n');

    const before = gateSummary(
      'Dreadnode build',
      state({ result: 'cancelled', timeline: [] }),
      'The run was cancelled before a build was created.'
    );
    expect(before).toBe('## ⚪ Dreadnode build cancelled\n\n> The run was cancelled before a build was created&#46;\n');
  });

  it('shows a build it did not wait for', () => {
    const running = build({ status: 'pending', phase: 'in_progress', startedAt: undefined, completedAt: undefined });
    const summary = gateSummary(
      'Snapshot build',
      state({ build: running, result: 'triggered', timeline: [{ elapsedMs: 0, status: 'pending' }] }),
      'Build bld_0123456789abcdef is pending; not waiting for it (wait: false).'
    );
    expect(headings(summary)[0]).toBe('## 🚀 Snapshot build started, not waited for');
    expect(summary).toContain('- **Status:** pending\n');
    expect(summary).not.toContain('**Started:**');
  });

  it('shows an input error as one line per problem, and nothing else', () => {
    const message = ['Input "timeout" must be a duration (got "soon").', 'Input "org_id" is required.'].join('\n');
    const summary = gateSummary('Snapshot build', state({ timeline: [] }), message);
    expect(summary).toBe(
      [
        '## ❌ Snapshot build stopped on an error',
        '',
        '- Input &#34;timeout&#34; must be a duration &#40;got &#34;soon&#34;&#41;&#46;',
        '- Input &#34;org&#95;id&#34; is required&#46;',
        ''
      ].join('\n')
    );
  });

  it('shows an API error after the build was known, with the build', () => {
    const running = build({ status: 'running', phase: 'in_progress', completedAt: undefined });
    const summary = gateSummary(
      'Snapshot build',
      state({ build: running }),
      'Build bld_0123456789abcdef was started but cannot be followed: the API answered 401'
    );
    expect(headings(summary)).toEqual(['## ❌ Snapshot build could not be followed', '### Timeline']);
    expect(lines(summary)[2]).toBe(
      '- Build bld&#95;0123456789abcdef was started but cannot be followed&#58; the API answered 401'
    );
    expect(summary).toContain('- **Build:** bld&#95;0123456789abcdef');
  });

  it('keeps server text from adding a heading, a row, a tag or a line', () => {
    const hostile = 'failed\n## Injected\r\n| Result | ✅ success |\r<script>alert(1)</script>';
    const summary = gateSummary(
      'Snapshot build',
      state({
        build: build({ id: 'bld_x', status: hostile, phase: 'failure', trigger: hostile, errorMessage: hostile }),
        result: 'failure',
        timeline: [{ elapsedMs: 0, status: hostile }],
        afterSuccessOutputs: { active: hostile },
        pinnedElsewhere: hostile,
        log: { tail: [], unavailable: hostile }
      }),
      `Build bld_x failed (status ${hostile})`
    );
    expect(headings(summary)).toEqual(['## ❌ Snapshot build failed after 4m12s', '### Timeline']);
    expect(tableRows(summary)).toHaveLength(3);
    expect(summary).not.toMatch(/<script|\r|\| Result/);
    expect(lines(summary).filter(line => line.startsWith('>'))).toHaveLength(1);
    expect(summary).toContain(
      '- **Status:** failed &#35;&#35; Injected &#124; Result &#124; ✅ success &#124; &#60;script'
    );
  });

  it('keeps an API error with server text in it from adding a heading or a tag', () => {
    const summary = gateSummary(
      'Snapshot build',
      state({ timeline: [] }),
      'The Devin API answered 422: bad\n## Injected <img src=x onerror=alert(1)>'
    );
    expect(headings(summary)).toEqual(['## ❌ Snapshot build stopped on an error']);
    expect(summary).not.toMatch(/<img/);
  });

  it('shows the last rows of a huge timeline and stays within the bound', () => {
    const timeline = Array.from({ length: 200_000 }, (_, index) => ({
      elapsedMs: index * S,
      status: `status ${index} ${'x'.repeat(100)}`
    }));
    const summary = gateSummary('Snapshot build', state({ build: build(), result: 'success', timeline }), '');
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(summary).toContain(`_${200_000 - SUMMARY_TIMELINE_ROWS} earlier statuses are left out._`);
    expect(tableRows(summary)).toHaveLength(SUMMARY_TIMELINE_ROWS + 2);
    expect(summary).toContain('| status 199999 x');
  });

  it('stays within the bound when a message is huge', () => {
    const message = Array.from({ length: 10_000 }, (_, index) => `problem ${index} ${'y'.repeat(5000)}`).join('\n');
    const summary = gateSummary('Snapshot build', state({ timeline: [] }), message);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(summary).toContain('- … 9960 more lines left out\n');
  });
});

describe("the run's own values in the summary", () => {
  // What a run echoes from its inputs, with the characters summaryText writes as references, and backticks.
  const ownValues: [string, string][] = [
    ['an org id', 'org_a-b.c:d@e'],
    ['a repository URL', 'https://github.com/acme_x/app-y.z'],
    ['a path with backticks', '.devin/`odd`_name.yaml'],
    ['a path that starts and ends with backticks', '``a_b`'],
    ['a path with spaces at both ends', ' a_b.yaml '],
    ['a path that starts with a space', ' a_b.yaml'],
    ['a value that looks like markup', '**x_y** <b>z</b> [l](u) #h |t|']
  ];

  it.each(ownValues)('holds %s byte for byte, shown as it is and gone once the runner masks it', (_name, value) => {
    const summary = gateSummary(
      'Snapshot build',
      state({ build: build(), result: 'failure', prepared: undefined }),
      `Build failed in ${value}: see ${value}.`,
      { ownValues: [value] }
    );
    expect(summary).toContain(value);
    const quote = lines(summary).find(line => line.startsWith('> ')) as string;
    expect(maskedAndRendered(quote, []).trim()).toBe(`Build failed in ${value}: see ${value}.`);
    expect(maskedAndRendered(summary, [value])).not.toContain(value.trim());
    expect(maskedAndRendered(quote, [value]).trim()).toBe('Build failed in ***: see ***.');
  });

  it('is escaped as any text is without own values, which is what the mask missed', () => {
    const summary = gateSummary('Snapshot build', state({ result: 'failure' }), 'into org_a-b.c:d@e.');
    expect(summary).not.toContain('org_a-b.c:d@e');
    expect(maskedAndRendered(summary, ['org_a-b.c:d@e'])).toContain('org_a-b.c:d@e');
  });

  it('finds each value in every line it is in, the longest first, and the rest stays escaped', () => {
    const message = 'Input "repo" ... (got "acme/app_x"); org_id org-1 and acme/app_x_2 for org-1';
    const shown = withOwnValues(message, 1000, ['org-1', 'acme/app_x', 'acme/app_x_2', '']);
    expect(shown).toBe(
      'Input &#34;repo&#34; &#46;&#46;&#46; &#40;got &#34;`acme/app_x`&#34;&#41;; org&#95;id `org-1` and `acme/app_x_2` for `org-1`'
    );
  });

  it('makes one code span of values that touch, and never cuts one', () => {
    expect(withOwnValues('a org-1acme/app b', 1000, ['org-1', 'acme/app'])).toBe('a `org-1acme/app` b');
    expect(withOwnValues(`${'x'.repeat(20)} org-1 tail`, 22, ['org-1'])).toBe(`${'x'.repeat(20)} …`);
    expect(withOwnValues(`${'x'.repeat(30)} org-1`, 10, ['org-1'])).toBe(`${'x'.repeat(9)}…`);
  });
});

/** The Devin action's outputs without its pin and log ones, which these states do not touch. */
const ACTIVE: Capabilities = { afterSuccessOutputs: ['active'], pin: false, logs: false, supersede: false };
const gateOutputs = (state: GateState, redact: (text: string) => string) => outputsOf(state, ACTIVE, redact);

describe('gateOutputs', () => {
  it('sets the values of a normal run as they are, in order', () => {
    const outputs = gateOutputs(succeeded(), text => text);
    expect(outputs).toEqual({
      build_id: 'bld_0123456789abcdef',
      status: 'succeeded',
      result: 'success',
      created_at: '2026-11-24T09:00:00.000Z',
      started_at: '2026-11-24T09:00:20.000Z',
      completed_at: '2026-11-24T09:04:32.000Z',
      duration_seconds: '252',
      active: 'true'
    });
    expect(Object.keys(outputs)).toEqual([...GATE_OUTPUTS, 'active']);
  });

  it('sets empty values when nothing is known', () => {
    expect(gateOutputs(state({ timeline: [] }), text => text)).toEqual({
      build_id: '',
      status: '',
      result: '',
      created_at: '',
      started_at: '',
      completed_at: '',
      duration_seconds: '',
      active: ''
    });
  });

  it('refuses a value that is not one plain line within its bound, or that holds a secret; leaves out a time no date can show', () => {
    const status = `x\n::set-output name=result::success\n${'y'.repeat(2 * 1024 * 1024)}`;
    const outputs = gateOutputs(
      state({
        build: build({ status, phase: 'unknown', createdAt: 9e15 }),
        afterSuccessOutputs: { active: 'holds cog_secret' }
      }),
      text => text.replace('cog_secret', '***')
    );
    expect(outputs.status).toBe('');
    expect(outputs.active).toBe('');
    const exact = gateOutputs(state({ build: build({ id: 'bld::1', status: 'a::b' }) }), text => text);
    expect([exact.build_id, exact.status]).toEqual(['bld::1', 'a::b']);
    expect(outputs.created_at).toBe('');
    expect(outputs.started_at).toBe('2026-11-24T09:00:20.000Z');
  });
});

describe('the summary of a whole run', () => {
  it('reads a success against the Devin fake', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(
      devinKit.newFake({ now: clock.now, plan: { outcome: 'success', queuedMs: 20_000, runningMs: 100_000 } })
    );
    const run = await mainStepInProcess(devinKit.definition, devinKit.inputs(fake), { clock });
    const [id] = fake.createdBuildIds();
    expect(headings(run.summary)[0]).toMatch(/^## ✅ Snapshot build succeeded in 1m\d+s$/);
    expect(run.summary).toContain(`- **Build:** ${id.replace(/_/g, '&#95;')} (trigger: manual)\n`);
    expect(run.summary).toContain('- **Active:** yes\n');
  });

  it('says a pinned build is pinned once', async () => {
    const clock = new VirtualClock();
    const fake = await startFake(devinKit.newFake({ now: clock.now }));
    const run = await mainStepInProcess(devinKit.definition, devinKit.inputs(fake, { pin: 'true' }), { clock });
    expect(run.outputs.pinned).toBe('true');
    expect(run.summary.match(/Pinned/g)).toEqual(['Pinned']);
    expect(run.summary).toContain('- **Pinned:** yes, new sessions start from this build\n');
  });

  it('shows two input errors as two lines and no table', async () => {
    const run = await mainStepInProcess(
      devinKit.definition,
      { token: 'cog_x', org_id: '', api_url: 'https://api.example', timeout: 'soon' },
      { clock: new VirtualClock() }
    );
    expect(run.summary).toMatch(
      /^## ❌ Snapshot build stopped on an error\n\n- Input &#34;[^\n]*\n- Input &#34;[^\n]*\n$/
    );
    expect(tableRows(run.summary)).toEqual([]);
  });
});
