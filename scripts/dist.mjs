// `npm run dist [linux|win|mac]`: builds the app and packages it with electron-builder
// (electron-builder.config.cjs). electron-builder needs the Electron binary of each target
// platform/arch; when one cannot be had (no download possible), this says so in one line and
// exits 1 before building anything, like `npm start` does.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The targets of electron-builder.config.cjs per platform (its flag, Electron's platform name, arches). */
export const PLATFORMS = {
  linux: { flag: '--linux', electron: 'linux', arches: ['x64'] },
  win: { flag: '--win', electron: 'win32', arches: ['x64'] },
  mac: { flag: '--mac', electron: 'darwin', arches: ['x64', 'arm64'] },
};

const which = process.argv[2];
if (which && !(which in PLATFORMS)) {
  console.error(`Optick: npm run dist takes linux, win or mac (got '${which}')`);
  process.exit(2);
}
const platforms = which ? [which] : Object.keys(PLATFORMS);

/** Fetches (or finds in the cache) each Electron zip electron-builder will need; the first failure, in words. */
async function missingElectron() {
  let version;
  try {
    version = require(join(root, 'node_modules/electron/package.json')).version;
  } catch {
    return 'the electron package is not installed (run npm install)';
  }
  const { downloadArtifact } = require('@electron/get');
  for (const p of platforms) {
    for (const arch of PLATFORMS[p].arches) {
      try {
        await downloadArtifact({ version, artifactName: 'electron', platform: PLATFORMS[p].electron, arch });
      } catch (err) {
        const why = String(err?.message ?? err).split('\n')[0];
        return `the Electron ${version} binary for ${PLATFORMS[p].electron}-${arch} could not be downloaded (${why})`;
      }
    }
  }
  return null;
}

const missing = await missingElectron();
if (missing) {
  console.log(`Optick: cannot package — ${missing}; npm run dist needs it (network access, or ELECTRON_MIRROR / a filled Electron cache).`);
  process.exit(1);
}
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const built = run(npmCmd, ['run', '--silent', 'build']);
if (built !== 0) process.exit(built);
const flags = platforms.map((p) => PLATFORMS[p].flag);
process.exit(run(process.execPath, [join(root, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.config.cjs', ...flags, '--publish', 'never']));
