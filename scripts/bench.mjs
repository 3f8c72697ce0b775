// `npm run bench [name…]`: runs bench/*.ts one after another; each prints one JSON object.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const wanted = process.argv.slice(2);
const files = readdirSync('bench').filter((f) => f.endsWith('.ts') && (!wanted.length || wanted.some((w) => f.startsWith(w))));
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--disable-warning=ExperimentalWarning', join('bench', f)], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) { failed++; console.error(`bench ${f} failed with exit ${r.status}`); }
}
process.exit(failed ? 1 : 0);
