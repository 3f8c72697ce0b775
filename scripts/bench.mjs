// `npm run bench [name…] [-- --flag value…]`: runs bench/*.ts one after another; each prints one JSON object.
// Arguments from the first one starting with `--` on are passed to every bench run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('--'));
const wanted = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && (!wanted.length || wanted.some((w) => f.startsWith(w))));
// glibc gives each thread (pricing worker, tick-store writer, libuv pool) its own malloc arena;
// buffers made on one thread and freed on another fragment them: at the ingest ceiling two arenas
// measured ~90 MB less RSS (515 → 422 MB) at the same throughput. No effect off glibc.
const env = { MALLOC_ARENA_MAX: '2', ...process.env };
// V8 sized the main thread's young generation at 128 MB on this machine (two 64 MB semi-spaces,
// sized from total memory), all of it resident; 16 MB semi-spaces took the soak's engine RSS from
// ~385 to ~290 MB and the ingest ceiling's peak to 389 MB, with 0 lost (more, cheaper scavenges).
const v8Flags = ['--max-semi-space-size=16'];
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--expose-gc', ...v8Flags, join('bench', f), ...flags], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) { failed++; console.error(`bench ${f} failed with exit ${r.status}`); }
}
process.exit(failed ? 1 : 0);
