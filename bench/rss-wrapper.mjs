// Runs a bundle in this process and, as the process exits, writes its peak resident set size (KB)
// to BENCH_RSS_FILE: the memory of a whole action run, with nothing of ours around it but this file.
import { writeFileSync } from 'node:fs';

process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));
await import(process.env.BENCH_BUNDLE);
