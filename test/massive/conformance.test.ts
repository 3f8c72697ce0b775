// Conformance: the official @massive.com/client-js, pointed at our simulator (protocols.md §3.5),
// connects, authenticates, subscribes and receives the same events our adapter receives; its REST
// client lists the contracts our registry is built from. Also the simulator's own protocol rules
// (auth_failed closes, unknown tickers refused in-band, the 1,000 Q limit).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { restClient, websocketClient } from '@massive.com/client-js';
import WebSocket from 'ws';
import { decodeMassiveFrame } from '../../src/main/engine/feeds/massive/decode.ts';
import { fetchMassiveRegistry } from '../../src/main/engine/feeds/massive/instruments-node.ts';
import { MassiveFeed } from '../../src/main/engine/feeds/massive/massive-feed.ts';
import type { Tick } from '../../src/shared/market.ts';
import { startUsSimulator, type UsSimHandle } from '../../src/main/sim/us-sim.ts';

const until = async (what: string, ok: () => boolean, ms = 20_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('Massive: official client-js against the simulator', () => {
  let sim: UsSimHandle;
  before(async () => { sim = await startUsSimulator({ rate: 3000, seed: 7 }); });
  after(async () => { await sim.close(); });

  it('REST: restClient lists the contracts fetchMassiveRegistry builds the SPY chain from', async () => {
    const rest = restClient(sim.apiKey, sim.baseUrl);
    const page = await rest.listOptionsContracts({ underlyingTicker: 'SPY', limit: 1000 });
    const ours = await fetchMassiveRegistry(sim.baseUrl, sim.apiKey, ['SPY']);
    const spy = ours.registry.underlying('SPY');
    assert.equal(spy.lotSize, 100);
    assert.equal(spy.exchange, 'US');
    assert.equal(spy.timeZone, 'America/New_York');
    const theirs = new Set((page.results ?? []).map((r) => r.ticker));
    assert.equal(ours.registry.optionCount, theirs.size);
    for (const e of ours.registry.expiries('SPY')) for (const p of ours.registry.strikes('SPY', e)) assert.ok(theirs.has(p.CE!.key));
    // Uneven strikes are kept as listed: 1-dollar steps near the money, 5 in the wings.
    const strikes = ours.registry.strikes('SPY', ours.registry.expiries('SPY')[0]!).map((p) => p.strike);
    const gaps = new Set(strikes.slice(1).map((k, i) => k - strikes[i]!));
    assert.ok(gaps.has(1) && gaps.has(5), `gaps ${[...gaps]}`);
    await assert.rejects(fetchMassiveRegistry(sim.baseUrl, 'wrong-key', ['SPY']), /refused the API key.*HTTP 401/);
  });

  it('WebSocket: client-js and our adapter subscribe the same contracts and receive the same events', async () => {
    const { registry } = await fetchMassiveRegistry(sim.baseUrl, sim.apiKey, ['SPY']);
    const expiry = registry.expiries('SPY')[0]!;
    const near = registry.strikes('SPY', expiry).filter((p) => Math.abs(p.strike - 600) <= 3);
    const keys = near.flatMap((p) => [p.CE!.key, p.PE!.key]);
    // The official client: auth is sent from its own onopen (assigning onopen would replace it, §3.5).
    const ws = websocketClient(sim.apiKey, sim.massiveWsBase).options();
    const theirs: Tick[] = [];
    const statuses: string[] = [];
    ws.addEventListener('message', (e: { data: unknown }) => {
      const f = decodeMassiveFrame(String(e.data), Date.now());
      theirs.push(...f.ticks);
      for (const s of f.statuses) {
        statuses.push(s.status);
        if (s.status === 'auth_success') ws.send(JSON.stringify({ action: 'subscribe', params: keys.flatMap((k) => [`T.${k}`, `Q.${k}`, `A.${k}`, `FMV.${k}`]).join(',') }));
      }
    });
    const ours: Tick[] = [];
    const feed = new MassiveFeed({ endpoints: [{ label: 'sim', wsBase: sim.massiveWsBase, apiKey: sim.apiKey }] });
    feed.start({ onTicks: (t) => ours.push(...t) });
    feed.setSubscriptions(new Map(keys.map((k) => [k, 'depth' as const])));
    try {
      await until('quotes, trades and FMV on both', () => [theirs, ours].every((l) => l.some((t) => t.bids) && l.some((t) => t.ltp !== undefined) && l.some((t) => t.fairValue !== undefined)));
      assert.deepEqual(statuses.slice(0, 2), ['connected', 'auth_success']);
      const start = Math.max(theirs[0]!.exchangeTs, ours[0]!.exchangeTs) + 200;
      await until('a second of events after both are subscribed', () => (ours.at(-1)?.exchangeTs ?? 0) > start + 1000 && (theirs.at(-1)?.exchangeTs ?? 0) > start + 1000);
      // Same events in the same order over a common window (receive times aside).
      const window = (l: Tick[]) => l.filter((t) => t.exchangeTs >= start && t.exchangeTs < start + 1000 && t.volume === undefined)
        .map(({ receiveTs: _r, receiveMono: _m, ...t }) => t);
      assert.ok(window(ours).length > 5);
      assert.deepEqual(window(ours), window(theirs));
      assert.ok(ours.every((t) => keys.includes(t.key)));
    } finally {
      ws.close();
      await feed.stop();
    }
  });

  it('auth_failed closes the socket; unknown tickers and Q past 1,000 are refused in-band', async () => {
    const raw = async (key: string, params?: string): Promise<{ frames: unknown[][]; closed: number }> => {
      const ws = new WebSocket(`${sim.massiveWsBase}/options`);
      const frames: unknown[][] = [];
      let closed = 0;
      ws.on('message', (d) => frames.push(JSON.parse(String(d)) as unknown[]));
      ws.on('close', (c) => { closed = c; });
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ action: 'auth', params: key }));
      if (params) ws.send(JSON.stringify({ action: 'subscribe', params }));
      await until('replies', () => closed !== 0 || frames.length >= (params ? 3 : 2), 5000);
      ws.close();
      return { frames, closed };
    };
    const bad = await raw('nope');
    assert.deepEqual(bad.frames[1], [{ ev: 'status', status: 'auth_failed', message: 'authentication failed' }]);
    await until('close', () => true);
    const unknown = await raw(sim.apiKey, 'Q.O:ZZZ261218C00100000,Q.BAD');
    assert.deepEqual((unknown.frames[2] as { status: string }[]).map((s) => s.status), ['error', 'error']);
    const { registry } = await fetchMassiveRegistry(sim.baseUrl, sim.apiKey, ['SPY', 'QQQ']);
    const listed = registry.underlyings().flatMap((u) => registry.expiries(u.name).flatMap((e) => registry.strikes(u.name, e).flatMap((p) => [p.CE!.key, p.PE!.key])));
    assert.ok(listed.length > 1001);
    const before = sim.stats().overLimitTopics;
    const r = await raw(sim.apiKey, listed.slice(0, 1001).map((k) => `Q.${k}`).join(','));
    const acks = r.frames[2] as { status: string; message: string }[];
    assert.equal(acks.filter((a) => a.status === 'success').length, 1000);
    assert.match(acks[1000]!.message, /max of 1000 Q contracts/);
    assert.equal(sim.stats().overLimitTopics, before + 1);
  });
});
