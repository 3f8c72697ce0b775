// The memory settings at launch (bin/memory-settings.mjs): what a Node process is re-executed
// with, what a launcher passes, and the desktop app's relaunch decision against a fake Electron
// surface (no Electron binary here: app.relaunch/app.exit/commandLine are the fake's; that a real
// relaunched Electron main process gets the js-flags and the environment is not proven here).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { launchSettings, nodeRelaunch, settingsInEffect } from '../../bin/memory-settings.mjs';
import { memoryRelaunch, relaunchForMemory, type RelaunchSurface } from '../../src/main/host/memory-relaunch.ts';

const NODE = '/opt/node/bin/node';
const argv = [NODE, '/app/bin/optick.mjs', 'serve', '--port', '0'];

describe('nodeRelaunch: a Node process started without the settings', () => {
  it('runs the same script and arguments again with 16 MB semi-spaces, a heap that grows by 100 % at most and two malloc arenas, marked so it never loops', () => {
    const r = nodeRelaunch({ execPath: NODE, execArgv: ['--disable-warning=ExperimentalWarning'], argv, env: { HOME: '/h' }, platform: 'linux' });
    assert.deepEqual(r, {
      file: NODE,
      args: [NODE, '--disable-warning=ExperimentalWarning', '--max-semi-space-size=16', '--heap-growing-percent=100', '/app/bin/optick.mjs', 'serve', '--port', '0'],
      env: { HOME: '/h', MALLOC_ARENA_MAX: '2', OPTICK_MEMORY_REEXEC: '1' },
    });
    const again = nodeRelaunch({ execPath: NODE, execArgv: r!.args.slice(1, 4), argv, env: r!.env, platform: 'linux' });
    assert.equal(again, null);
  });
  it('nothing to do when all are given — by the user too (own values, NODE_OPTIONS, underscore spelling)', () => {
    assert.equal(nodeRelaunch({ execPath: NODE, execArgv: ['--max-semi-space-size=16', '--heap-growing-percent=100'], argv, env: { MALLOC_ARENA_MAX: '2' }, platform: 'linux' }), null);
    assert.equal(nodeRelaunch({ execPath: NODE, execArgv: ['--heap_growing_percent=30'], argv, env: { MALLOC_ARENA_MAX: '8', NODE_OPTIONS: '--max_semi_space_size=4 --trace-gc' }, platform: 'linux' }), null);
  });
  it('only the missing one is added: the user-given MALLOC_ARENA_MAX is kept', () => {
    const r = nodeRelaunch({ execPath: NODE, execArgv: [], argv, env: { MALLOC_ARENA_MAX: '4' }, platform: 'linux' })!;
    assert.equal(r.env.MALLOC_ARENA_MAX, '4');
    assert.deepEqual(r.args.slice(1, 3), ['--max-semi-space-size=16', '--heap-growing-percent=100']);
  });
  it('off glibc the variable means nothing: macOS/Windows are relaunched for the V8 flags only', () => {
    assert.equal(nodeRelaunch({ execPath: NODE, execArgv: ['--max-semi-space-size=16', '--heap-growing-percent=100'], argv, env: {}, platform: 'darwin' }), null);
    const r = nodeRelaunch({ execPath: NODE, execArgv: [], argv, env: {}, platform: 'win32' })!;
    assert.equal(r.env.MALLOC_ARENA_MAX, undefined);
  });
  it('OPTICK_MEMORY_SETTINGS=off and the re-exec mark: never relaunched', () => {
    assert.equal(nodeRelaunch({ execPath: NODE, execArgv: [], argv, env: { OPTICK_MEMORY_SETTINGS: 'off' }, platform: 'linux' }), null);
    assert.equal(nodeRelaunch({ execPath: NODE, execArgv: [], argv, env: { OPTICK_MEMORY_REEXEC: '1' }, platform: 'linux' }), null);
  });
});

describe('launchSettings and settingsInEffect', () => {
  it('a launcher passes the flags and the variable; the user\'s own kept; off passes nothing', () => {
    assert.deepEqual(launchSettings({ PATH: '/bin' }, 'linux'), { v8Flags: ['--max-semi-space-size=16', '--heap-growing-percent=100'], env: { PATH: '/bin', MALLOC_ARENA_MAX: '2' } });
    assert.deepEqual(launchSettings({ MALLOC_ARENA_MAX: '3', NODE_OPTIONS: '--max-semi-space-size=8' }, 'linux'), { v8Flags: ['--heap-growing-percent=100'], env: { MALLOC_ARENA_MAX: '3', NODE_OPTIONS: '--max-semi-space-size=8' } });
    assert.deepEqual(launchSettings({ OPTICK_MEMORY_SETTINGS: 'off' }, 'linux'), { v8Flags: [], env: { OPTICK_MEMORY_SETTINGS: 'off' } });
  });
  it('reads the settings a process runs with', () => {
    const proc = { execArgv: ['--max-semi-space-size=16', '--heap-growing-percent=100'], env: { MALLOC_ARENA_MAX: '2' } } as unknown as NodeJS.Process;
    assert.deepEqual(settingsInEffect(proc), { malloc_arena_max: '2', max_semi_space_size_mb: 16, heap_growing_percent: 100 });
    assert.deepEqual(settingsInEffect({ execArgv: [], env: {} } as unknown as NodeJS.Process), { malloc_arena_max: null, max_semi_space_size_mb: null, heap_growing_percent: null });
  });
});

/** A fake of what the relaunch uses of Electron's app. */
function fakeApp(over: Partial<RelaunchSurface>): RelaunchSurface & { calls: string[]; relaunched: { execPath?: string; args: string[] }[] } {
  const calls: string[] = [];
  const relaunched: { execPath?: string; args: string[] }[] = [];
  return {
    argv: ['/opt/Optick/optick', '--feed', 'upstox'], env: {}, platform: 'linux', jsFlags: '',
    relaunch: (o) => { calls.push('relaunch'); relaunched.push(o); }, exit: (code) => { calls.push(`exit ${code}`); },
    ...over, calls, relaunched,
  };
}

describe('the desktop app: relaunch with the settings when launched without them', () => {
  it('a packaged app started from its desktop entry relaunches once with --js-flags and MALLOC_ARENA_MAX set for the new process, then exits', () => {
    const app = fakeApp({});
    assert.equal(relaunchForMemory(app), true);
    assert.deepEqual(app.calls, ['relaunch', 'exit 0']);
    assert.deepEqual(app.relaunched, [{ args: ['--feed', 'upstox', '--js-flags=--max-semi-space-size=16 --heap-growing-percent=100'] }]);
    assert.equal(app.env.MALLOC_ARENA_MAX, '2');
    // The relaunched process: the switch given, the variable inherited, the mark set.
    const second = fakeApp({ argv: ['/opt/Optick/optick', ...app.relaunched[0]!.args], env: app.env, jsFlags: '--max-semi-space-size=16 --heap-growing-percent=100' });
    assert.equal(relaunchForMemory(second), false);
    assert.deepEqual(second.calls, []);
  });
  it('npm start passes both at launch (scripts/start.mjs): no relaunch', () => {
    assert.equal(memoryRelaunch({ argv: ['/e/electron', '--js-flags=--max-semi-space-size=16 --heap-growing-percent=100', '/repo'], env: { MALLOC_ARENA_MAX: '2' }, platform: 'linux', jsFlags: '--max-semi-space-size=16 --heap-growing-percent=100' }), null);
  });
  it("the user's own js-flags are kept in the one switch; an AppImage relaunches its AppImage file", () => {
    const r = memoryRelaunch({ argv: ['/tmp/.mount_Optick/optick', '--js-flags=--trace-gc'], env: { APPIMAGE: '/home/u/Optick.AppImage' }, platform: 'linux', jsFlags: '--trace-gc' });
    assert.deepEqual(r, { env: { MALLOC_ARENA_MAX: '2', OPTICK_MEMORY_REEXEC: '1' }, execPath: '/home/u/Optick.AppImage', args: ['--js-flags=--trace-gc --max-semi-space-size=16 --heap-growing-percent=100'] });
  });
  it('macOS and Windows: the flags only; OPTICK_MEMORY_SETTINGS=off: never', () => {
    assert.deepEqual(memoryRelaunch({ argv: ['/Applications/Optick.app/Contents/MacOS/Optick'], env: {}, platform: 'darwin', jsFlags: '' })?.env, { OPTICK_MEMORY_REEXEC: '1' });
    assert.equal(memoryRelaunch({ argv: ['C:\\Optick\\Optick.exe'], env: {}, platform: 'win32', jsFlags: '--max-semi-space-size=16 --heap-growing-percent=100' }), null);
    assert.equal(relaunchForMemory(fakeApp({ env: { OPTICK_MEMORY_SETTINGS: 'off' } })), false);
  });
});
