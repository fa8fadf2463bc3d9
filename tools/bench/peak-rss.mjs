// Preloaded with --import into both the bundle and bare `node -e 0`, so that they are measured the
// same way: as the process exits, writes its peak resident set size (KB) to BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
