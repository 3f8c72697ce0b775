// Issue 12: the Electron fuses the afterPack hook flips. No Electron binary can be had here, so
// the hook runs on a file carrying Electron's fuse wire exactly as the binary does (sentinel,
// wire version, length, one byte per fuse at Electron's defaults), flipped by the real
// @electron/fuses through the same packager.addElectronFuses call electron-builder makes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT } from './built-app.ts';

const require = createRequire(import.meta.url);
const { flipFuses, getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
const { SENTINEL, FuseState } = require('@electron/fuses/dist/constants.js');
const afterPack = require(join(ROOT, 'scripts/dist-fuses.cjs'));
const config = require(join(ROOT, 'electron-builder.config.cjs'));

const dir = mkdtempSync(join(tmpdir(), 'optick-fuses-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Electron 45's wire: 8 fuses; RunAsNode, NODE_OPTIONS, --inspect, file: privileges on by default, the rest off. */
function fakeElectron(name: string): string {
  const defaults = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE));
  const wire = Buffer.from([...Buffer.from(SENTINEL, 'latin1'), 1, defaults.length, ...defaults]);
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 0x2e), wire, Buffer.alloc(4096, 0x2e)]));
  return path;
}

async function packWith(platform: string, arch: number): Promise<Record<number, number>> {
  const binary = fakeElectron(`electron-${platform}-${arch}`);
  const calls: unknown[] = [];
  await afterPack({
    appOutDir: dir, electronPlatformName: platform, arch,
    packager: { addElectronFuses: (_ctx: unknown, fuses: Record<string, unknown>) => { calls.push(fuses); return flipFuses(binary, { ...fuses, resetAdHocDarwinSignature: false }); } },
  });
  assert.equal(calls.length, 1);
  return getCurrentFuseWire(binary);
}

describe('Electron fuses (afterPack)', () => {
  it('electron-builder runs the hook after packing', () => {
    assert.equal(require(join(ROOT, config.afterPack)), afterPack);
  });

  for (const [platform, arch] of [['linux', 1], ['win32', 1], ['darwin', 3]] as const) {
    it(`${platform}: RunAsNode, NODE_OPTIONS and --inspect off; cookie encryption, asar-only and asar integrity on`, async () => {
      const wire = await packWith(platform, arch);
      const on = (f: number) => wire[f] === FuseState.ENABLE;
      assert.equal(on(FuseV1Options.RunAsNode), false);
      assert.equal(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable), false);
      assert.equal(on(FuseV1Options.EnableNodeCliInspectArguments), false);
      assert.equal(on(FuseV1Options.EnableCookieEncryption), true);
      assert.equal(on(FuseV1Options.OnlyLoadAppFromAsar), true);
      assert.equal(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation), true);
    });
  }

  it('sets every fuse of the wire explicitly, and re-signs ad hoc only on arm64 macOS', () => {
    const cfg = afterPack.fuseConfig('darwin', 3);
    assert.equal(cfg.strictlyRequireAllFuses, true);
    for (let i = 0; i <= FuseV1Options.GrantFileProtocolExtraPrivileges; i++) assert.equal(typeof cfg[i], 'boolean', `fuse ${FuseV1Options[i]}`);
    assert.equal(cfg.resetAdHocDarwinSignature, true);
    assert.equal(afterPack.fuseConfig('darwin', 1).resetAdHocDarwinSignature, false);
    assert.equal(afterPack.fuseConfig('linux', 1).resetAdHocDarwinSignature, false);
  });

  it('a wire with a fuse the config does not know fails the build instead of inheriting it', async () => {
    const path = join(dir, 'electron-future');
    const wire = Buffer.from([...Buffer.from(SENTINEL, 'latin1'), 1, 9, ...new Array(9).fill(FuseState.DISABLE)]);
    writeFileSync(path, wire);
    await assert.rejects(flipFuses(path, afterPack.fuseConfig('linux', 1)), /strictlyRequireAllFuses/);
    assert.equal(readFileSync(path).length, wire.length);
  });
});
