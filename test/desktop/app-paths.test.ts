// The one resources helper: the same layout from the source tree (src/main/app-paths.ts) as from
// the bundle (out/main/*.js), the npm package and a packaged app's app.asar.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { APP_ROOT, appLayout } from '../../src/main/app-paths.ts';
import { DEFAULT_BUILTIN_DIR } from '../../src/main/engine/schedule/builtins-node.ts';
import { ensureBuilt, ROOT } from './built-app.ts';

before(() => ensureBuilt());

describe('app layout', () => {
  it('from the source tree, the root is the checkout and every file the hosts load exists', () => {
    assert.equal(APP_ROOT, ROOT);
    const l = appLayout();
    for (const p of [l.rendererIndex, l.preload, l.trayIcon(), l.trayIcon(true), l.windowIcon, join(l.tradingHours, 'nse.json')]) {
      assert.ok(existsSync(p), `${p} is missing`);
    }
    assert.equal(DEFAULT_BUILTIN_DIR, l.tradingHours, 'trading-hours built-ins come through the helper');
  });

  it('in a packaged app everything is under app.asar (app.getAppPath())', () => {
    const asar = join('/opt/Optick/resources', 'app.asar');
    const l = appLayout(asar);
    assert.equal(l.resources, join(asar, 'resources'));
    assert.equal(l.rendererIndex, join(asar, 'out/renderer/index.html'));
    assert.equal(l.preload, join(asar, 'out/preload/index.cjs'));
    assert.equal(l.trayIcon(true), join(asar, 'resources/icons/tray-alert.png'));
  });
});
