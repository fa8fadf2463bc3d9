import { forecastFrom, type Forecast } from '../src/core/schedule.js';
import { seededRandom } from '../fake-api/virtual-clock.js';
const I = 1000,
  T = 30_000,
  JIT = 0.05;
type Sched = (age: number, f: Forecast | undefined, r: () => number) => number;
const variants: Record<string, Sched> = {
  plain: (_a, _f, r) => I * (1 - JIT * r()),
  pullOnly: (age, f, r) => {
    const regular = I * (1 - JIT * r());
    if (!f) return regular;
    const end = f.typicalMs + Math.min(I / 10, 500);
    if (age < end) {
      const u = end - age;
      return u < regular ? Math.max(u, I / 3) : regular;
    }
    return regular;
  },
  dense08: (age, f, r) => {
    const regular = I * (1 - JIT * r());
    if (!f) return regular;
    const dense = I * 0.8;
    const end = f.typicalMs + Math.min(I / 10, 500);
    if (age < end) {
      const u = end - age;
      return u < regular ? Math.max(u, dense / 2) : regular;
    }
    return age < Math.max(f.lateMs, end) + dense ? dense : regular;
  },
  dense067cap2: (age, f, r) => {
    const regular = I * (1 - JIT * r());
    if (!f) return regular;
    const dense = (I * 2) / 3;
    const end = f.typicalMs + Math.min(I / 10, 500);
    if (age < end) {
      const u = end - age;
      return u < regular ? Math.max(u, dense / 2) : regular;
    }
    return age < Math.min(Math.max(f.lateMs, end), end + 2 * I) + dense ? dense : regular;
  },
  dense075: (age, f, r) => {
    const regular = I * (1 - JIT * r());
    if (!f) return regular;
    const dense = I * 0.75;
    const end = f.typicalMs + Math.min(I / 10, 500);
    if (age < end) {
      const u = end - age;
      return u < regular ? Math.max(u, dense / 2) : regular;
    }
    return age < Math.max(f.lateMs, end) + dense ? dense : regular;
  }
};
function run(s: Sched, withHistory: boolean, seed: number) {
  const r = seededRandom(seed);
  const L = T * (0.7 + 0.6 * r());
  const hist = Array.from({ length: 8 }, () => T * (0.7 + 0.6 * r()));
  const f = withHistory ? forecastFrom(hist) : undefined;
  let t = 0,
    checks = 0;
  for (;;) {
    t += s(t, f, r);
    checks++;
    if (t >= L) break;
  }
  return { delay: (t - L) / I, ratio: (checks + 2) / (1 + Math.ceil(L / I) + 1) };
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [name, s] of Object.entries(variants)) {
  const rs = Array.from({ length: 3000 }, (_, i) => run(s, true, i + 1));
  const d = rs.map(x => x.delay),
    q = rs.map(x => x.ratio);
  console.log(
    name.padEnd(9),
    'delay med',
    med(d).toFixed(3),
    'ratio med',
    med(q).toFixed(3),
    'max',
    Math.max(...q).toFixed(3)
  );
}
