// Issue 12: the desktop host's behaviour on a fake Electron surface — close-to-tray, the tray
// menu model (feeds, pause/resume, data folder, quit, alerts), window state, renderer crash and
// hang reload, the login item, the app menu and the settings behind desktop.get/desktop.set.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { appLayout } from '../../src/main/app-paths.ts';
import { loadApiToken } from '../../src/main/host/api-token.ts';
import { DesktopHost } from '../../src/main/host/desktop/desktop-host.ts';
import { LocalApi } from '../../src/main/host/desktop/local-api.ts';
import { SAFE_WEB_PREFERENCES, unsafeWebPreferences } from '../../src/main/host/desktop/security.ts';
import { DesktopStore, DEFAULT_SETTINGS } from '../../src/main/host/desktop/settings.ts';
import { STILL_RUNNING } from '../../src/main/host/desktop/close-to-tray.ts';
import { FakeAlerts, FakeFeeds, FakeLoginItem, FakeSurface, FakeTimers, recordingLogger, status } from './fake-surface.ts';

const layout = appLayout('/app');
let dataDir = '';

interface Rig { host: DesktopHost; surface: FakeSurface; feeds: FakeFeeds; alerts: FakeAlerts; timers: FakeTimers; login: FakeLoginItem; store: DesktopStore; log: ReturnType<typeof recordingLogger> }

async function rig(o: { platform?: NodeJS.Platform; alerts?: boolean; store?: DesktopStore } = {}): Promise<Rig> {
  const log = recordingLogger();
  const surface = new FakeSurface(o.platform);
  const feeds = new FakeFeeds();
  const alerts = new FakeAlerts();
  const timers = new FakeTimers();
  const login = new FakeLoginItem();
  const store = o.store ?? new DesktopStore(dataDir, log);
  if (!o.store) store.update({ api_enabled: false }); // the API's own tests start it for real (local-api.test.ts)
  const api = new LocalApi({ start: () => Promise.reject(new Error('not started in these tests')), token: () => loadApiToken(dataDir, {}), tokenFile: join(dataDir, 'api-token'), log });
  const host = new DesktopHost({ surface, layout, store, feeds, alerts: o.alerts === false ? null : alerts, api, loginItem: login, dataDir, log, timers, watchdog: { now: () => timers.now, timers, hangMs: 10_000 } });
  await host.start();
  surface.window.emit('ready-to-show');
  return { host, surface, feeds, alerts, timers, login, store, log };
}

beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'optick-desktop-')); });
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('window and security settings', () => {
  it('every window the host creates has the safe webPreferences, the preload and the guards', async () => {
    const { surface } = await rig();
    surface.window.userClose(); // hidden, not destroyed
    const r = await rig();
    await r.host.set({ close_to_tray: false });
    r.surface.window.userClose();
    r.surface.tray.click('Show Optick'); // a second window, made the same way
    for (const w of [...surface.windows, ...r.surface.windows]) {
      assert.deepEqual(unsafeWebPreferences(w.options.webPreferences), []);
      assert.deepEqual(w.options.webPreferences, { ...SAFE_WEB_PREFERENCES, preload: layout.preload });
      assert.equal(w.options.show, false, 'shown on ready-to-show, no white flash');
      assert.deepEqual(w.contents.openHandler!({ url: 'https://example.com/' }), { action: 'deny' });
      let prevented = false;
      w.contents.emit('will-navigate', { preventDefault: () => { prevented = true; } }, 'https://example.com/');
      assert.ok(prevented, 'navigation away is blocked');
    }
    assert.equal(r.surface.windows.length, 2);
  });

  it('unsafeWebPreferences names each broken setting', () => {
    assert.deepEqual(unsafeWebPreferences({ ...SAFE_WEB_PREFERENCES, nodeIntegration: true, contextIsolation: false, allowRunningInsecureContent: true }).sort(),
      ['allowRunningInsecureContent', 'contextIsolation', 'nodeIntegration']);
    assert.ok(unsafeWebPreferences({}).includes('sandbox'), 'Electron defaults are not assumed');
  });
});

describe('close to tray', () => {
  it('closing hides the window, the engine runs on, one notification says so the first time only', async () => {
    const { surface } = await rig();
    const win = surface.window;
    assert.equal(win.visible, true);
    assert.equal(win.userClose(), 'hidden');
    assert.equal(win.visible, false);
    assert.equal(win.destroyed, false);
    assert.deepEqual(surface.notifications, [STILL_RUNNING]);
    surface.tray.click('Show Optick');
    assert.equal(win.visible, true);
    assert.equal(win.userClose(), 'hidden');
    assert.equal(surface.notifications.length, 1, 'the notice is shown once');
    // …and once ever: the next run remembers it.
    const again = await rig({ store: new DesktopStore(dataDir, recordingLogger()) });
    again.surface.window.userClose();
    assert.equal(again.surface.notifications.length, 0);
  });

  it('with the setting off, closing closes; Show in the tray opens a new window', async () => {
    const { host, surface } = await rig();
    await host.set({ close_to_tray: false });
    assert.equal(surface.window.userClose(), 'closed');
    assert.equal(surface.notifications.length, 0);
    surface.tray.click('Show Optick');
    assert.equal(surface.windows.length, 2);
    assert.equal(surface.window.visible, true);
  });

  it('Quit in the tray quits; once quitting, closing is not stopped', async () => {
    const { host, surface } = await rig();
    surface.tray.click('Quit Optick');
    assert.equal(surface.quits, 1);
    host.beforeQuit(); // what app.quit() fires
    assert.equal(surface.window.userClose(), 'closed');
  });

  it('Quit is in the application menu too, with the standard roles and About with the version', async () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      const { surface } = await rig({ platform });
      const roles = JSON.stringify(surface.menu);
      for (const role of ['quit', 'copy', 'paste', 'cut', 'selectAll', 'undo', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'about']) {
        assert.ok(roles.includes(`"role":"${role}"`), `${platform}: role ${role}`);
      }
      assert.ok(roles.includes('9.8.7'), `${platform}: About names the version`);
      assert.equal(surface.about?.applicationVersion, '9.8.7');
      assert.ok(!roles.includes('toggleDevTools'), 'no devtools in a package');
    }
  });
});

describe('tray', () => {
  it('menu: show/hide, each feed with its state, pause/resume, data folder, quit; tooltip with feed state and ticks/s', async () => {
    const { surface, feeds } = await rig({ alerts: false });
    const tray = surface.tray;
    assert.deepEqual(tray.labels(), ['Hide Optick', 'sim: connected', 'Pause feeds', 'Open data folder', 'Quit Optick']);
    assert.equal(tray.tooltip, 'Optick — sim: connected · 1,520 ticks/s');
    feeds.push(status([{ feed: 'upstox', state: 'stalled' }, { feed: 'sim', state: 'reconnecting' }], 0));
    assert.deepEqual(tray.labels().slice(1, 3), ['upstox: stalled (no data)', 'sim: reconnecting']);
    assert.match(tray.tooltip, /upstox: stalled \(no data\), sim: reconnecting · 0 ticks\/s/);
    tray.click('Pause feeds');
    assert.deepEqual([...feeds.held].sort(), ['sim', 'upstox']);
    assert.deepEqual(tray.labels().slice(1, 4), ['upstox: paused', 'sim: paused', 'Resume feeds']);
    tray.click('Resume feeds');
    assert.equal(feeds.held.size, 0);
    tray.click('Open data folder');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(surface.opened, [dataDir]);
    tray.click('Hide Optick');
    assert.equal(surface.window.visible, false);
    assert.equal(tray.labels()[0], 'Show Optick');
  });

  it('the menu is rebuilt only when it changes; the tooltip follows every status', async () => {
    const { surface, feeds } = await rig({ alerts: false });
    const menus = surface.tray.menus;
    feeds.push(status([{ feed: 'sim', state: 'connected' }], 1600));
    feeds.push(status([{ feed: 'sim', state: 'connected' }], 1700));
    assert.equal(surface.tray.menus, menus);
    assert.match(surface.tray.tooltip, /1,700 ticks\/s/);
  });

  it('alerts: armed count, the last 5, Pause alerts; the icon carries a badge until the window is shown', async () => {
    const { surface, alerts } = await rig();
    const tray = surface.tray;
    assert.equal(tray.image, layout.trayIcon(false));
    const last = Array.from({ length: 7 }, (_, i) => ({ time: Date.UTC(2026, 11, 3, 4, i), symbol: `NIFTY 2450${i} CE`, message: `ltp above ${100 + i}` }));
    surface.window.hide();
    alerts.emit({ armed: 3, paused: false, unseen: true, last });
    assert.equal(tray.image, layout.trayIcon(true));
    const labels = tray.labels();
    assert.ok(labels.includes('Alerts: 3 armed · new'), JSON.stringify(labels));
    const shown = labels.filter((l) => l.includes('NIFTY'));
    assert.equal(shown.length, 5);
    assert.equal(shown[0], '09:30  NIFTY 24500 CE — ltp above 100', 'HH:MM in India time');
    assert.match(tray.tooltip, /3 alerts armed/);
    tray.click('Pause alerts');
    assert.equal(alerts.s.paused, true);
    assert.equal(tray.items.find((i) => i.label === 'Pause alerts')!.checked, true);
    tray.click('Pause alerts');
    assert.equal(alerts.s.paused, false);
    tray.click('Alerts: 3 armed');
    assert.equal(surface.window.visible, true);
    assert.equal(alerts.seen, 1);
    assert.equal(tray.image, layout.trayIcon(false), 'seen: the badge goes');
  });

  it('clicking the tray icon shows the window', async () => {
    const { surface } = await rig();
    surface.window.userClose();
    surface.tray.clickIcon();
    assert.equal(surface.window.visible, true);
  });
});

describe('window state', () => {
  it('size and position are saved after moves settle and restored next run; maximised is restored', async () => {
    const { surface, timers, store } = await rig();
    const win = surface.window;
    assert.deepEqual({ w: win.options.width, h: win.options.height }, { w: 1600, h: 960 }, 'default size first');
    win.moveTo({ x: 100, y: 80, width: 1400, height: 900 });
    assert.equal(store.window as unknown, null, 'debounced');
    timers.advance(500);
    assert.deepEqual(store.window, { x: 100, y: 80, width: 1400, height: 900, maximized: false });
    win.maximize();
    win.userClose(); // close flushes at once
    assert.equal((store.window as { maximized: boolean } | null)?.maximized, true);
    const next = await rig({ store: new DesktopStore(dataDir, recordingLogger()) });
    const w2 = next.surface.window;
    assert.deepEqual([w2.options.x, w2.options.y, w2.options.width, w2.options.height], [100, 80, 1400, 900]);
    assert.equal(w2.maximized, true);
  });

  it('a position on a monitor that is gone opens centred on the primary display', async () => {
    const s = new DesktopStore(dataDir, recordingLogger());
    s.saveWindow({ x: 4000, y: 200, width: 1400, height: 900, maximized: false });
    const { surface } = await rig({ store: s });
    const o = surface.window.options;
    assert.deepEqual([o.x, o.y, o.width, o.height], [160, 40, 1600, 960]);
  });
});

describe('renderer crash and hang', () => {
  it('a crashed renderer is reloaded and logged; a clean exit is not; a crash loop stops after 3 reloads a minute', async () => {
    const { surface, log, timers } = await rig();
    const c = surface.window.contents;
    c.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    assert.equal(c.reloads, 0);
    c.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    assert.equal(c.reloads, 1);
    assert.ok(log.lines.some((l) => l.level === 'error' && /gone \(crashed, exit code 139\).*reloading.*engine keeps running/.test(l.message)));
    c.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    c.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    c.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    assert.equal(c.reloads, 3);
    assert.ok(log.lines.some((l) => /left as it is/.test(l.message)));
    timers.advance(61_000);
    c.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    assert.equal(c.reloads, 4, 'a minute later it is reloaded again');
  });

  it('a renderer hung for 10 s is killed and reloaded; one that recovers is left alone', async () => {
    const { surface, timers, log } = await rig();
    const c = surface.window.contents;
    c.emit('unresponsive');
    timers.advance(5000);
    c.emit('responsive');
    timers.advance(10_000);
    assert.equal(c.crashes, 0);
    assert.ok(log.lines.some((l) => /responds again/.test(l.message)));
    c.emit('unresponsive');
    timers.advance(10_000);
    assert.equal(c.crashes, 1);
    assert.equal(c.reloads, 1);
  });
});

describe('settings and start at login', () => {
  it('start at login is off by default; the setting turns the OS login item on and off', async () => {
    const { host, login } = await rig();
    assert.equal(DEFAULT_SETTINGS.start_at_login, false);
    assert.deepEqual(login.sets, [], 'nothing written while OS and setting agree');
    assert.equal(host.state().settings.start_at_login, false);
    await host.set({ start_at_login: true });
    assert.deepEqual(login.sets, [true]);
    await host.set({ start_at_login: false });
    assert.deepEqual(login.sets, [true, false]);
    assert.equal(new DesktopStore(dataDir, recordingLogger()).settings.start_at_login, false);
  });

  it('bad settings are refused with the field named, and nothing is saved', async () => {
    const { host } = await rig();
    await assert.rejects(host.set({ api_port: 70000 }), { code: 'bad_request', message: /api_port.*1–65535/ });
    await assert.rejects(host.set({ close_to_tray: 'yes' }), { code: 'bad_request', message: /close_to_tray.*true or false/ });
    await assert.rejects(host.set({ colour: 'red' }), { code: 'bad_request', message: /unknown setting 'colour'/ });
    await assert.rejects(host.set(null), { code: 'bad_request' });
    assert.deepEqual(host.state().settings, { ...DEFAULT_SETTINGS, api_enabled: false });
  });

  it('a damaged desktop.json is moved aside, said once, and the defaults are used', () => {
    writeFileSync(join(dataDir, 'desktop.json'), '{"settings": {"api_port": "x"');
    const log = recordingLogger();
    const s = new DesktopStore(dataDir, log, () => Date.UTC(2026, 11, 3));
    assert.deepEqual(s.settings, DEFAULT_SETTINGS);
    assert.equal(log.lines.filter((l) => l.level === 'error').length, 1);
    assert.ok(readdirSync(dataDir).some((f) => f.startsWith('desktop.json.corrupt-2026-12-03')));
  });
});
