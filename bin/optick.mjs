#!/usr/bin/env node
// Optick CLI shim. The sources are TypeScript run natively by Node >= 22.14 (type
// stripping); on an older Node this re-executes itself with the project's node@24, passing
// SIGINT/SIGTERM/SIGHUP on to it (see forward-signals.mjs). Either way the process that runs
// Optick starts with the memory settings (memory-settings.mjs): when they are missing this
// process replaces itself with one that has them (same PID, before anything else runs).
import { existsSync } from 'node:fs';
import { runChild, watchNpmParent } from './forward-signals.mjs';
import { applyToThisProcess, launchSettings, REEXEC_MARK_ENV } from './memory-settings.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 14)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node24)) {
    console.error(`optick needs Node >= 22.14 (better-sqlite3 13 crashes on older ones); this is ${process.version}: run it via npm (npm run serve), after 'npm install' brings the project's node@24.`);
    process.exit(2);
  }
  const memory = launchSettings(process.env);
  runChild(node24, [...memory.v8Flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { env: memory.env });
} else {
  // Replaces this process (does not return) when the settings are missing; on Windows, where a
  // process cannot replace itself, the settings' process runs as this launcher's child instead.
  const again = applyToThisProcess();
  if (again) runChild(again.file, again.args.slice(1), { env: again.env });
  else await runHere();
}

async function runHere() {
  delete process.env[REEXEC_MARK_ENV]; // this process's own guard: processes it starts decide for themselves
  watchNpmParent();
  process.removeAllListeners('warning');
  process.on('warning', (w) => { if (w.name !== 'ExperimentalWarning') console.warn(w); });
  // From a checkout: the TypeScript sources. From the npm package (no src/): the build in out/main.
  const fromSource = new URL('../src/main/cli.ts', import.meta.url);
  const { main, reportFatal } = await import(existsSync(fileURLToPath(fromSource)) ? fromSource.href : '../out/main/cli.js');
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => process.exit(reportFatal(err)));
}
