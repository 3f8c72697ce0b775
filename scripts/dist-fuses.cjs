// electron-builder afterPack hook: flips the Electron fuses of the packed binary, before signing.
// Kept as data (FUSES) + a hook so test/desktop/fuses.test.ts flips a real fuse wire with it.
const { FuseV1Options, FuseVersion } = require('@electron/fuses');

/** Every fuse of the V1 wire, set explicitly (strictlyRequireAllFuses fails the build on a new one). */
const FUSES = {
  [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE ignored: the binary is not a Node
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false, // no --inspect / --inspect-brk
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, // macOS and Windows
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // Kept: the renderer is an ES-module page loaded from file:// (loadFile), which a browser-like file: would refuse.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
};

/** The fuse config for one packed app: arm64 macOS needs its ad-hoc signature re-applied when not signed afterwards. */
function fuseConfig(electronPlatformName, arch) {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    resetAdHocDarwinSignature: electronPlatformName === 'darwin' && arch === 3 /* builder-util Arch.arm64 */,
    ...FUSES,
  };
}

/** @param {import('electron-builder').AfterPackContext} context */
async function afterPack(context) {
  await context.packager.addElectronFuses(context, fuseConfig(context.electronPlatformName, context.arch));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
