// Issue 12, Electron's security checklist: the permission handler grants only notifications,
// new windows and navigation are denied, the only external URL is the broker's login page, and
// the Electron adapter is the one place windows are made (with the safe preferences), enables
// the sandbox for every renderer and checks IPC senders. Plus the Linux start-at-login entry.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { authorizationUrl } from '../../src/main/engine/feeds/upstox/login.ts';
import { electronLoginItem, xdgAutostart, autostartEntry } from '../../src/main/host/desktop/login-item.ts';
import { externalUrlAllowed, guardContents, guardedOpenExternal, installPermissionHandlers, loginPages, permissionGranted } from '../../src/main/host/desktop/security.ts';
import { isTrustedRendererUrl } from '../../src/main/host/port-bridge.ts';
import { FakeContents, recordingLogger } from './fake-surface.ts';
import { ROOT } from './built-app.ts';

describe('permissions', () => {
  it('the session grants notifications and nothing else, on request and on check', () => {
    let request: ((c: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((c: unknown, p: string) => boolean) | null = null;
    const log = recordingLogger();
    installPermissionHandlers({ setPermissionRequestHandler: (h) => { request = h; }, setPermissionCheckHandler: (h) => { check = h; } }, log);
    const asked = (p: string) => { let g: boolean | null = null; request!(null, p, (x) => { g = x; }); return g; };
    assert.equal(asked('notifications'), true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'openExternal', 'midi', 'pointerLock', 'hid', 'serial', 'usb', 'idle-detection', 'display-capture', 'unknown']) {
      assert.equal(asked(p), false, p);
      assert.equal(check!(null, p), false, p);
    }
    assert.equal(check!(null, 'notifications'), true);
    assert.ok(log.lines.some((l) => l.message.includes("'media'")));
    assert.equal(permissionGranted('notifications'), true);
  });
});

describe('navigation, new windows, webviews', () => {
  it('every web contents: navigation, redirects and webviews prevented, window.open denied', () => {
    const c = new FakeContents();
    guardContents(c as never, recordingLogger());
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      c.emit(ev, { preventDefault: () => { prevented = true; } }, 'https://evil.example/');
      assert.ok(prevented, ev);
    }
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'https://api.upstox.com/v2/login/authorization/dialog']) {
      assert.deepEqual(c.openHandler!({ url }), { action: 'deny' });
    }
  });
});

describe('external URLs', () => {
  const pages = loginPages('https://api.upstox.com');
  const login = authorizationUrl('https://api.upstox.com', { apiKey: 'k', redirectUri: 'http://127.0.0.1:7373/upstox/callback', state: 's' });

  it('only the broker login dialog opens in the system browser', async () => {
    assert.ok(externalUrlAllowed(login, pages));
    for (const bad of ['https://api.upstox.com/v2/user/profile', 'https://api.upstox.com.evil.example/v2/login/authorization/dialog', 'http://api.upstox.com/v2/login/authorization/dialog',
      'https://user:pw@api.upstox.com/v2/login/authorization/dialog', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'smb://host/share']) {
      assert.equal(externalUrlAllowed(bad, pages), false, bad);
    }
    const opened: string[] = [];
    const log = recordingLogger();
    const open = guardedOpenExternal(async (u) => { opened.push(u); }, () => pages, log);
    assert.equal(await open(login), true);
    assert.equal(await open('https://evil.example/'), false);
    assert.deepEqual(opened, [login]);
    assert.ok(log.lines.some((l) => l.level === 'warn' && l.message.includes('evil.example')));
  });

  it('a configured API host is allowed when https, or http on loopback (the simulator); never plain http elsewhere', () => {
    assert.ok(externalUrlAllowed('http://127.0.0.1:9999/v2/login/authorization/dialog?x=1', loginPages('http://127.0.0.1:9999')));
    assert.ok(externalUrlAllowed('https://sandbox.example/v2/login/authorization/dialog', loginPages('https://sandbox.example/')));
    assert.equal(externalUrlAllowed('http://10.0.0.5/v2/login/authorization/dialog', loginPages('http://10.0.0.5')), false);
    assert.equal(externalUrlAllowed('http://x/v2/login/authorization/dialog', loginPages('garbage')), false);
  });
});

describe('the Electron adapter (source checks: it cannot run here)', () => {
  const src = readFileSync(join(ROOT, 'src/main/host/electron.ts'), 'utf8');
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => { const p = join(dir, n); return statSync(p).isDirectory() ? files(p) : [p]; });

  it('enables the sandbox for every renderer before the app is ready', () => {
    const sandbox = src.indexOf('app.enableSandbox()'), ready = src.indexOf('app.whenReady()');
    assert.ok(sandbox > 0 && sandbox < ready);
  });

  it('makes BrowserWindows in one place, from the options desktop/security.ts builds', () => {
    const makers = files(join(ROOT, 'src')).filter((f) => /new BrowserWindow\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(makers.map((f) => relative(ROOT, f)), ['src/main/host/electron.ts']);
    assert.equal(src.match(/new BrowserWindow\(/g)?.length, 1);
    assert.match(src, /createWindow: \(options\) => \{\s*const win = new BrowserWindow\(options\);/);
    const prefs = files(join(ROOT, 'src')).filter((f) => /webPreferences\s*:/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(prefs.map((f) => relative(ROOT, f)), ['src/main/host/desktop/security.ts']);
  });

  it('installs the permission handlers, the guards on every web contents, and the openExternal allow-list', () => {
    assert.match(src, /installPermissionHandlers\(session\.defaultSession/);
    assert.match(src, /app\.on\('web-contents-created', [^\n]*guardContents\(/);
    assert.match(src, /openUrl: guardedOpenExternal\(/);
    assert.equal(src.match(/shell\.openExternal\(/g)?.length, 1, 'no other way to the system browser');
  });

  it('gives an engine port only to the app\'s own renderer page', () => {
    assert.match(src, /isTrustedRendererUrl\(url, rendererUrl, devUrl\)/);
    const index = 'file:///opt/Optick/resources/app.asar/out/renderer/index.html';
    assert.ok(isTrustedRendererUrl(index, index));
    assert.ok(!isTrustedRendererUrl('file:///tmp/evil.html', index));
    assert.ok(!isTrustedRendererUrl('https://evil.example/', index));
  });
});

describe('start at login', () => {
  it('macOS/Windows: app.setLoginItemSettings with the app path', () => {
    const calls: unknown[] = [];
    let on = false;
    const item = electronLoginItem({ setLoginItemSettings: (s) => { calls.push(s); on = s.openAtLogin; }, getLoginItemSettings: () => ({ openAtLogin: on }) }, '/Applications/Optick.app/Contents/MacOS/Optick');
    item.set(true);
    assert.equal(item.get(), true);
    assert.deepEqual(calls, [{ openAtLogin: true, path: '/Applications/Optick.app/Contents/MacOS/Optick', args: [] }]);
  });

  it('Linux: a freedesktop autostart entry written and removed', () => {
    const home = mkdtempSync(join(tmpdir(), 'optick-xdg-'));
    try {
      const item = xdgAutostart('/home/t/Apps/Optick 0.1.0.AppImage', [], { XDG_CONFIG_HOME: home });
      assert.equal(item.get(), false);
      item.set(true);
      const text = readFileSync(item.file, 'utf8');
      assert.equal(item.file, join(home, 'autostart', 'optick.desktop'));
      assert.match(text, /^\[Desktop Entry\]\nType=Application\nName=Optick\n/);
      assert.match(text, /\nExec="\/home\/t\/Apps\/Optick 0\.1\.0\.AppImage"\n/);
      assert.equal(item.get(), true);
      item.set(false);
      assert.equal(existsSync(item.file), false);
      assert.match(autostartEntry('/usr/bin/electron', ['/src/optick']), /\nExec=\/usr\/bin\/electron \/src\/optick\n/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
