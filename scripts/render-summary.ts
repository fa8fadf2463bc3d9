// Renders the job summaries of two real runs (a success and a failure: the Devin action in this
// process against its fake, on a virtual clock) to a PNG for the README, styled like GitHub's
// job summary, with the system's Chromium. Not part of CI.
//
//   npm run render-summary [-- --out docs/summary.png]
//
// Chromium: Debian's package (apt-get install -y chromium fonts-noto-color-emoji), or the browser
// named by the CHROMIUM environment variable.
import { marked } from 'marked';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { mainStepInProcess } from '../harness/in-process.js';
import devinKit from '../harness/kits/devin.js';
import type { KitBuildPlan } from '../harness/kits/index.js';
import { VirtualClock } from '../harness/virtual-clock.js';

const { values: args } = parseArgs({ options: { out: { type: 'string', default: 'docs/summary.png' } } });

/** The machine may have no network: nothing in the browser may reach for it. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
];

/** What a blueprint that does not build leaves at the end of its log. */
const FAILED_LOG = [
  'Cloning acme/web-app',
  'Running setup commands from blueprint "web-app"',
  '$ npm ci',
  'npm ERR! code ERESOLVE',
  'npm ERR! ERESOLVE unable to resolve dependency tree',
  'npm ERR! Found: react@19.1.0',
  'npm ERR! Could not resolve dependency: peer react@"^18" from react-query@3.39.3',
  'Setup command failed with exit code 1',
  ''
].join('\n');

/** The summary a whole run of the Devin action writes, for a build that goes as `plan` says. */
async function summaryOf(plan: KitBuildPlan): Promise<string> {
  const clock = new VirtualClock();
  const fake = devinKit.newFake({ now: clock.now, plan });
  await fake.start();
  fake.onRequest = () => {
    for (const id of fake.createdBuildIds()) fake.setBuildLog(id, FAILED_LOG);
    return false;
  };
  try {
    const run = await mainStepInProcess(devinKit.definition, devinKit.inputs(fake, { poll_interval: '15s' }), {
      clock
    });
    return run.summary;
  } finally {
    await fake.stop();
  }
}

/** GitHub's light theme for Markdown (the parts a summary uses), on its job summary card. */
const STYLE = `
  body { margin: 0; background: #f6f8fa; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", "Liberation Sans",
    Helvetica, Arial, sans-serif, "Noto Color Emoji"; color: #1f2328; }
  main { width: 820px; padding: 16px; display: flex; flex-direction: column; gap: 16px; }
  .card { background: #fff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .card > header { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font-weight: 600; }
  .markdown-body { padding: 16px 24px 8px; }
  h2, h3 { margin: 8px 0 16px; font-weight: 600; line-height: 1.25; }
  h2 { font-size: 1.5em; padding-bottom: .3em; border-bottom: 1px solid #d1d9e0b3; }
  h3 { font-size: 1.25em; margin-top: 24px; }
  p, ul, blockquote, table, details, pre { margin: 0 0 16px; }
  ul { padding-left: 2em; }
  li + li { margin-top: .25em; }
  blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
  table { border-collapse: collapse; }
  th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
  th { font-weight: 600; }
  tr:nth-child(2n) { background: #f6f8fa; }
  summary { cursor: pointer; margin-bottom: 8px; }
  pre { padding: 16px; background: #f6f8fa; border-radius: 6px; overflow: auto;
    font: 12px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
`;

function page(summaries: string[]): string {
  const cards = summaries.map(
    summary => `<section class="card"><header>build summary</header>
      <div class="markdown-body">${marked.parse(summary, { async: false, gfm: true })}</div></section>`
  );
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}</style></head>
    <body><main>${cards.join('\n')}</main></body></html>`;
}

const summaries = [
  await summaryOf({ outcome: 'success', queuedMs: 20_000, runningMs: 252_000 }),
  await summaryOf({ outcome: 'failure', queuedMs: 15_000, runningMs: 95_000 })
];
const userDataDir = await mkdtemp(join(tmpdir(), 'render-summary-'));
try {
  const browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    deviceScaleFactor: 2,
    viewport: { width: 852, height: 600 }
  });
  try {
    const tab = await browser.newPage();
    await tab.setContent(page(summaries));
    await tab.locator('main').screenshot({ path: args.out });
  } finally {
    await browser.close();
  }
} finally {
  await rm(userDataDir, { recursive: true, force: true });
}
console.log(`Wrote ${args.out}`);
