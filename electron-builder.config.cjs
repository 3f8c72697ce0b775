// electron-builder 26 configuration: Linux AppImage + .deb, Windows NSIS, macOS dmg (x64, arm64).
// The app is out/ (electron-vite's build), resources/ and the production dependencies — nothing
// else. Version, name and description come from package.json. `npm run dist[:linux|:win|:mac]`
// (scripts/dist.mjs) builds first and says in one line when no Electron binary can be had.
// test/desktop/packaging.test.ts checks these globs with electron-builder's own matcher.

/** better-sqlite3 ships one Node-API .node per platform: keep only the target's. */
const onlyPrebuild = (platform) => [`!**/node_modules/better-sqlite3/prebuilds/!(${platform}-\${arch}.node)`];

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'in.optick.workstation',
  productName: 'Optick',
  copyright: 'Copyright © Optick developers',
  directories: { output: 'dist', buildResources: 'build' },
  files: [
    'out/main/**/*',
    'out/preload/**/*',
    'out/renderer/**/*',
    'resources/**/*',
    // The icon source is for scripts/icons.mjs; the app loads the rendered PNGs.
    '!resources/icon.svg',
    // Sources of the native module (SQLite amalgamation, C++): the prebuilt .node is all it needs.
    '!**/node_modules/better-sqlite3/{deps,src}{,/**/*}',
    '!**/node_modules/better-sqlite3/binding.gyp',
  ],
  asar: true,
  // A native module cannot be dlopen()ed from inside the asar (design.md "Runtime and native module").
  asarUnpack: ['**/node_modules/better-sqlite3/**/*.node'],
  // better-sqlite3's Node-API prebuild serves Node and Electron alike: no rebuild, no download.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  // Electron fuses (RunAsNode off, NODE_OPTIONS and --inspect off, cookie encryption, app only
  // from an integrity-checked asar) are flipped after packing, before signing.
  afterPack: './scripts/dist-fuses.cjs',
  artifactName: '${productName}-${version}-${os}-${arch}.${ext}',
  linux: {
    target: [{ target: 'AppImage', arch: ['x64'] }, { target: 'deb', arch: ['x64'] }],
    icon: 'resources/icons/png',
    category: 'Office',
    executableName: 'optick',
    synopsis: 'Options-trading workstation: live option chains, Greeks, candles and alerts',
    maintainer: 'Optick developers <optick@users.noreply.invalid>',
    desktop: { entry: { Categories: 'Office;Finance;', StartupWMClass: 'Optick' } },
    files: onlyPrebuild('linux'),
  },
  deb: { packageCategory: 'misc', priority: 'optional' },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
    icon: 'resources/icons/icon.ico',
    files: onlyPrebuild('win32'),
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, createDesktopShortcut: true, runAfterFinish: true },
  mac: {
    target: [{ target: 'dmg', arch: ['x64', 'arm64'] }],
    icon: 'resources/icons/icon.icns',
    category: 'public.app-category.finance',
    hardenedRuntime: true,
    files: onlyPrebuild('darwin'),
  },
  dmg: { title: '${productName} ${version}' },
};
