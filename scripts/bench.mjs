// `npm run bench [name…] [-- --flag value…]`: runs bench/*.ts one after another; each prints one JSON object.
// Arguments from the first one starting with `--` on are passed to every bench run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchSettings } from '../bin/memory-settings.mjs';

const args = process.argv.slice(2);
const firstFlag = args.findIndex((a) => a.startsWith('--'));
const wanted = firstFlag < 0 ? args : args.slice(0, firstFlag);
const flags = firstFlag < 0 ? [] : args.slice(firstFlag);
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && (!wanted.length || wanted.some((w) => f.startsWith(w))));
// Every bench runs with the memory settings the app itself starts with (bin/memory-settings.mjs:
// MALLOC_ARENA_MAX=2, 16 MB semi-spaces, heap growth capped at 100 %, unless set), so its figures are the app's;
// OPTICK_MEMORY_SETTINGS=off runs them with Node's, V8's and glibc's defaults (A/B).
const memory = launchSettings(process.env);
const env = memory.env;
const v8Flags = memory.v8Flags;
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', '--expose-gc', ...v8Flags, join('bench', f), ...flags], { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) { failed++; console.error(`bench ${f} failed with exit ${r.status}`); }
}
process.exit(failed ? 1 : 0);
