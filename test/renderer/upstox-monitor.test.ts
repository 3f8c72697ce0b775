import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OptickApi } from '../../src/shared/api.ts';
import { ApiError } from '../../src/shared/api.ts';
import { STATUS_POLL_MS, UpstoxMonitor } from '../../src/renderer/components/upstox/upstox-monitor.ts';
import type { PollTimer } from '../../src/renderer/components/upstox/upstox-monitor.ts';

/** A timer driven by hand: `fire()` runs every live interval once. */
function handTimer() {
  const live = new Set<() => void>();
  const intervals: number[] = [];
  const timer: PollTimer = { every: (ms, run) => { intervals.push(ms); live.add(run); return () => live.delete(run); } };
  return { timer, intervals, live, fire: () => { for (const run of [...live]) run(); } };
}

/** A host answering upstox.* from a script; records the calls. */
function host(answers: Record<string, (req: unknown) => unknown>) {
  const calls: string[] = [];
  const api: Pick<OptickApi, 'call'> = {
    call: (async (method: string, req: unknown) => { calls.push(method); const a = answers[method]; if (!a) throw new ApiError('bad_request', `no ${method}`); return a(req); }) as OptickApi['call'],
  };
  return { api, calls };
}
const flush = () => new Promise((r) => setImmediate(r));
const status = (n: number) => ({ now: n, feed_selected: false }) as never;

test('polls once a second only while watched; the last release stops it', async () => {
  let n = 0;
  const { api, calls } = host({ 'upstox.status': () => status(++n) });
  const t = handTimer();
  const m = new UpstoxMonitor(api, t.timer);
  const a = m.watch();
  const b = m.watch();
  await flush();
  assert.deepEqual(t.intervals, [STATUS_POLL_MS], 'one poll for two watchers');
  assert.equal(calls.length, 1, 'a first status at once');
  t.fire(); await flush();
  assert.deepEqual(m.store.getState().status, { now: 2, feed_selected: false });
  a(); a();
  assert.equal(t.live.size, 1, 'a double release counts once');
  b();
  assert.equal(t.live.size, 0);
  assert.equal(m.watching, false);
});

test('a failing status is reported, and cleared by the next good one; calls never pile up', async () => {
  let fail = true;
  let release: (() => void) | null = null;
  const { api, calls } = host({
    'upstox.status': () => {
      if (fail) throw new ApiError('unavailable', 'this host runs without the Upstox account service');
      return new Promise((r) => { release = () => r(status(1)); });
    },
  });
  const m = new UpstoxMonitor(api, handTimer().timer);
  await m.refresh();
  assert.equal(m.store.getState().statusError, 'Upstox status: this host runs without the Upstox account service');
  fail = false;
  const first = m.refresh();
  await m.refresh(); // still out: skipped
  assert.equal(calls.length, 2);
  release!();
  await first;
  assert.equal(m.store.getState().statusError, null);
});

test('login sends the pre-opened tab to the dialog, or closes it when the host opened the browser', async () => {
  let opened = false;
  const { api } = host({ 'upstox.login': () => ({ url: 'https://api.upstox.com/v2/login/authorization/dialog?x=1', expires_at: 5, opened }), 'upstox.status': () => status(1) });
  const m = new UpstoxMonitor(api, handTimer().timer);
  const tab = { location: { href: '' }, closed: false, close() { this.closed = true; } };
  const start = await m.login(tab);
  assert.equal(tab.location.href, 'https://api.upstox.com/v2/login/authorization/dialog?x=1');
  assert.equal(tab.closed, false);
  assert.deepEqual(m.store.getState().login, start);
  opened = true;
  const desk = { location: { href: '' }, closed: false, close() { this.closed = true; } };
  await m.login(desk);
  assert.deepEqual([desk.location.href, desk.closed, m.store.getState().busy], ['', true, false]);
});

test('a refused login closes the tab and says why; logout forgets the shown link', async () => {
  const { api, calls } = host({ 'upstox.status': () => status(1), 'upstox.logout': () => ({}) });
  const m = new UpstoxMonitor(api, handTimer().timer);
  const tab = { location: { href: '' }, closed: false, close() { this.closed = true; } };
  assert.equal(await m.login(tab), null);
  assert.equal(tab.closed, true);
  assert.equal(m.store.getState().loginError, 'Log in: no upstox.login');
  m.store.setState({ login: { url: 'u', expires_at: 1, opened: false } });
  await m.logout();
  assert.deepEqual([m.store.getState().login, m.store.getState().loginError], [null, null]);
  assert.deepEqual(calls.slice(-2), ['upstox.logout', 'upstox.status']);
});
