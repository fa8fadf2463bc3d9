import { forecastFrom, pollDelay } from '../src/core/schedule.js';
import { seededRandom } from '../fake-api/virtual-clock.js';
const I = 1000,
  T = 30_000;
function run(withHistory: boolean, seed: number) {
  const r = seededRandom(seed);
  const L = T * (0.7 + 0.6 * r());
  const hist = Array.from({ length: 8 }, () => T * (0.7 + 0.6 * r()));
  const f = withHistory ? forecastFrom(hist) : undefined;
  let t = 0,
    checks = 0;
  for (;;) {
    t += pollDelay(t, I, f, r);
    checks++;
    if (t >= L) break;
  }
  const min = 1 + Math.ceil(L / I) + 1;
  return { delay: (t - L) / I, ratio: (checks + 2) / min };
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const h of [true, false]) {
  const rs = Array.from({ length: 2000 }, (_, i) => run(h, i + 1));
  const d = rs.map(x => x.delay),
    q = rs.map(x => x.ratio);
  console.log(
    h ? 'history' : 'none   ',
    'delay med',
    med(d).toFixed(3),
    'ratio med',
    med(q).toFixed(3),
    'max',
    Math.max(...q).toFixed(3),
    'p99',
    [...q].sort((a, b) => a - b)[1980].toFixed(3)
  );
}
