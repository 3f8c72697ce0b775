// Issue 12: what the installers carry, checked with electron-builder's own file matcher
// (app-builder-lib's FileMatcher/createFilter over minimatch, with its default exclusions and
// macro expansion) and its own npm production-dependency collector — the code `npm run dist`
// runs — against a real `npm run build`. The Electron binary cannot be had here, so the
// packages themselves are not built; everything up to that is.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { before, describe, it } from 'node:test';
import { ensureBuilt, ROOT } from './built-app.ts';

const require = createRequire(import.meta.url);
const config = require(join(ROOT, 'electron-builder.config.cjs'));
const { getMainFileMatchers, getNodeModuleFileMatcher, getFileMatchers } = require('app-builder-lib/out/fileMatcher.js');
const { expandMacro } = require('app-builder-lib/out/util/macroExpander.js');
const { NpmNodeModulesCollector } = require('app-builder-lib/out/node-module-collector/npmNodeModulesCollector.js');
const { TmpDir } = require('builder-util');
const { pngSize, readIco, readIcns, ICO_SIZES, ICNS_TYPES } = require(join(ROOT, 'scripts/icons-format.mjs'));

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
type Filter = (file: string, stat: { isDirectory(): boolean }) => boolean;
interface Target { os: 'linux' | 'win' | 'mac'; platform: string; arch: string }
const TARGETS: Target[] = [
  { os: 'linux', platform: 'linux', arch: 'x64' },
  { os: 'win', platform: 'win32', arch: 'x64' },
  { os: 'mac', platform: 'darwin', arch: 'x64' },
  { os: 'mac', platform: 'darwin', arch: 'arm64' },
];

/** What electron-builder would copy into the app for one target: app files and node_modules files, as paths relative to the app. */
interface Packed { files: Set<string>; unpacked: (rel: string) => boolean }

function walk(dir: string, filter: Filter, out: string[]): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (!filter(p, st)) continue; // electron-builder's walker does not descend into a rejected directory
    if (st.isDirectory()) walk(p, filter, out);
    else out.push(p);
  }
}

async function packedFor(t: Target, modules: { name: string; dir: string }[]): Promise<Packed> {
  const platformOptions = config[t.os] ?? {};
  const appInfo = { productName: config.productName, sanitizedProductName: config.productName, productFilename: config.productName, version: pkg.version, name: pkg.name };
  // As PlatformPackager.getFileMatchersOptions does: ${os}, ${arch}, and "/*" → "{,/**/*}".
  const macroExpander = (p: string) => expandMacro(p, t.arch, appInfo, { os: t.os, '/*': '{,/**/*}' });
  const packager = { info: { projectDir: ROOT, buildResourcesDir: config.directories.buildResources, config, isPrepackedAppAsar: false, debugLogger: { isEnabled: false } }, config, debugLogger: { isEnabled: false } };
  const dest = '/app';
  const [main] = getMainFileMatchers(ROOT, dest, macroExpander, platformOptions, packager, join(ROOT, config.directories.output), false);
  const files = new Set<string>();
  const app: string[] = [];
  const mainFilter: Filter = main.createFilter();
  walk(ROOT, (p, st) => !(st.isDirectory() && p === join(ROOT, 'node_modules')) && mainFilter(p, st), app);
  for (const f of app) files.add(relative(ROOT, f).split(sep).join('/'));
  const nmFilter: Filter = getNodeModuleFileMatcher(ROOT, dest, macroExpander, platformOptions, packager).createFilter();
  for (const m of modules) {
    const found: string[] = [];
    // The collector's filter sees paths relative to the app (stat.moduleFullFilePath), as in copyNodeModules.
    walk(m.dir, (p, st) => nmFilter(p, Object.assign(Object.create(st), { isDirectory: () => st.isDirectory(), moduleFullFilePath: relative(ROOT, p).split(sep).join('/') })), found);
    for (const f of found) files.add(relative(ROOT, f).split(sep).join('/'));
  }
  const unpackMatchers = getFileMatchers(config, 'asarUnpack', dest, { macroExpander, customBuildOptions: platformOptions, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT });
  const unpackFilter: Filter = unpackMatchers[0].createFilter();
  return { files, unpacked: (rel) => unpackFilter(join(ROOT, rel), { isDirectory: () => false }) };
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  walk(join(ROOT, dir), () => true, out);
  return out.map((f) => relative(ROOT, f).split(sep).join('/'));
}

/** Every import specifier in a built module (static and dynamic). */
function importsOf(file: string): string[] {
  // Lines of code only: bundled libraries carry JSDoc like `@param {import('../types/index').X}`.
  const text = readFileSync(join(ROOT, file), 'utf8').split('\n').filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join('\n');
  return [...text.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^import\s*["']([^"']+)["']/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3]!);
}

let modules: { name: string; version: string; dir: string }[] = [];
const packed = new Map<string, Packed>();
const devOnly = new Set<string>();

before(async () => {
  ensureBuilt();
  const tmp = new TmpDir('optick-packaging-test');
  try {
    const { nodeModules } = await new NpmNodeModulesCollector(ROOT, tmp).getNodeModules({ packageName: pkg.name });
    const flat: typeof modules = [];
    const add = (list: typeof modules & { dependencies?: typeof modules }[]) => {
      for (const m of list) { flat.push(m); if ((m as { dependencies?: typeof modules }).dependencies) add((m as { dependencies: typeof modules }).dependencies); }
    };
    add(nodeModules);
    modules = flat;
  } finally {
    await tmp.cleanup();
  }
  // Packages only devDependencies bring in (npm marks them dev in the lock).
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  for (const [path, entry] of Object.entries<{ dev?: boolean }>(lock.packages)) {
    if (entry.dev && path.startsWith('node_modules/')) devOnly.add(path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  for (const t of TARGETS) packed.set(`${t.platform}-${t.arch}`, await packedFor(t, modules));
});

describe('electron-builder configuration', () => {
  it('names the app from package.json and targets AppImage + deb, NSIS, dmg x64 + arm64', () => {
    assert.equal(config.productName, 'Optick');
    assert.match(config.appId, /^[a-z]+(\.[a-z]+)+$/);
    assert.equal(config.version, undefined, 'the version comes from package.json, not the config');
    const targets = (os: string) => config[os].target.map((t: { target: string; arch: string[] }) => `${t.target}:${t.arch.join('+')}`);
    assert.deepEqual(targets('linux'), ['AppImage:x64', 'deb:x64']);
    assert.deepEqual(targets('win'), ['nsis:x64']);
    assert.deepEqual(targets('mac'), ['dmg:x64+arm64']);
    assert.ok(config.linux.category && config.mac.category, 'a category for the Linux menu and the macOS App Store class');
    assert.equal(config.npmRebuild, false);
    assert.equal(config.asar, true);
  });

  it('turns the one icon source into valid PNG, .ico and .icns files at every size', () => {
    const pngDir = join(ROOT, config.linux.icon);
    for (const name of readdirSync(pngDir)) {
      const n = Number(/^(\d+)x\1\.png$/.exec(name)?.[1]);
      assert.ok(n > 0, `${name} is named <n>x<n>.png`);
      assert.deepEqual(pngSize(readFileSync(join(pngDir, name))), { width: n, height: n }, name);
    }
    assert.ok(existsSync(join(pngDir, '512x512.png')) && existsSync(join(pngDir, '1024x1024.png')), 'large sizes for AppImage/deb');
    const ico = readIco(readFileSync(join(ROOT, config.win.icon)));
    assert.deepEqual(ico.map((e: { width: number }) => e.width), ICO_SIZES);
    for (const e of ico) assert.deepEqual(pngSize(e.png), { width: e.width, height: e.height });
    const icns = readIcns(readFileSync(join(ROOT, config.mac.icon)));
    assert.deepEqual(icns.map((e: { type: string }) => e.type), ICNS_TYPES.map(([type]: [string]) => type));
    for (const [i, e] of icns.entries()) assert.equal(pngSize(e.png).width, ICNS_TYPES[i][1], e.type);
    for (const tray of ['tray.png', 'tray@2x.png', 'tray-alert.png', 'tray-alert@2x.png']) {
      const { width } = pngSize(readFileSync(join(ROOT, 'resources/icons', tray)));
      assert.equal(width, tray.includes('@2x') ? 64 : 32, tray);
    }
  });
});

describe('files in the packaged app (electron-builder matcher)', () => {
  for (const t of TARGETS) {
    const key = `${t.platform}-${t.arch}`;
    it(`${key}: every file the app loads at run time is included`, (ctx) => {
      const { files } = packed.get(key)!;
      const bytes = [...files].reduce((n, f) => n + statSync(join(ROOT, f)).size, 0);
      ctx.diagnostic(`${key}: ${files.size} files, ${(bytes / 1048576).toFixed(1)} MiB in the app before asar`);
      const need = [
        'package.json',
        pkg.main,
        ...listFiles('out/main'), // entry, worker entries (pricing, simulator, writer) and their chunks
        ...listFiles('out/preload'),
        ...listFiles('out/renderer'),
        ...listFiles('resources/trading-hours'),
        'resources/icons/tray.png', 'resources/icons/tray@2x.png', 'resources/icons/tray-alert.png', 'resources/icons/tray-alert@2x.png',
        'resources/icons/png/512x512.png',
        `node_modules/better-sqlite3/prebuilds/${t.platform}-${t.arch}.node`,
        'node_modules/better-sqlite3/lib/index.js',
        'node_modules/ws/index.js', 'node_modules/protobufjs/minimal.js',
      ];
      for (const f of ['out/main/pricing.worker.js', 'out/main/simulator.worker.js', 'out/main/writer.worker.js']) assert.ok(need.includes(f), `${f} is built`);
      const missing = need.filter((f) => !files.has(f));
      assert.deepEqual(missing, [], `not in the ${key} app`);
    });

    it(`${key}: every module the built code imports resolves inside the app`, () => {
      const { files } = packed.get(key)!;
      const builtins = new Set(require('node:module').builtinModules as string[]);
      for (const file of [...listFiles('out/main'), ...listFiles('out/preload')].filter((f) => /\.c?js$/.test(f))) {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('node:') || builtins.has(spec) || spec === 'electron') continue;
          if (spec.startsWith('.')) {
            const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/');
            assert.ok(files.has(target), `${file} imports ${spec}, not in the app`);
            continue;
          }
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
          assert.ok(pkg.dependencies[name], `${file} imports ${name}, which is not a production dependency`);
          assert.ok([...files].some((f) => f.startsWith(`node_modules/${name}/`)), `${name} is not in the app`);
        }
      }
    });

    it(`${key}: nothing from src/, test/, e2e/, bench/, scripts/ or devDependencies; only this target's native binary`, () => {
      const { files } = packed.get(key)!;
      const top = new Set([...files].map((f) => f.split('/')[0]));
      assert.deepEqual([...top].sort(), ['node_modules', 'out', 'package.json', 'resources']);
      for (const f of files) {
        assert.doesNotMatch(f, /^(src|test|e2e|bench|scripts|proto|docs)\//, f);
        assert.notEqual(f, 'resources/icon.svg');
        if (f.startsWith('node_modules/better-sqlite3/')) {
          assert.doesNotMatch(f, /^node_modules\/better-sqlite3\/(deps|src)\//, `${f}: native sources are not shipped`);
          if (f.includes('/prebuilds/')) assert.equal(f, `node_modules/better-sqlite3/prebuilds/${t.platform}-${t.arch}.node`);
        }
      }
      const shipped = new Set([...files].filter((f) => f.startsWith('node_modules/')).map((f) => {
        const parts = f.split('/');
        return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
      }));
      for (const dev of Object.keys(pkg.devDependencies)) {
        if (devOnly.has(dev)) assert.ok(!shipped.has(dev), `devDependency ${dev} is in the app`);
      }
      for (const name of shipped) assert.ok(!devOnly.has(name), `${name} (only devDependencies need it) is in the app`);
      for (const dep of Object.keys(pkg.dependencies)) assert.ok(shipped.has(dep), `dependency ${dep} is in the app`);
    });

    it(`${key}: better-sqlite3's .node is unpacked from the asar, the code is not`, () => {
      const { files, unpacked } = packed.get(key)!;
      const native = [...files].filter((f) => f.endsWith('.node'));
      assert.deepEqual(native, [`node_modules/better-sqlite3/prebuilds/${t.platform}-${t.arch}.node`]);
      for (const f of native) assert.ok(unpacked(f), `${f} must be unpacked`);
      for (const f of ['out/main/index.js', 'node_modules/better-sqlite3/lib/index.js', 'resources/trading-hours/nse.json']) assert.ok(!unpacked(f), `${f} stays in the asar`);
    });
  }
});
