// Integration: Optick fed a full NSE option-chain snapshot over its Upstox feed reports NSE's
// PCR. The snapshot is served by the simulator's "serve this snapshot" mode (real instrument
// master, authorize + 302, protobuf frames on a loopback WebSocket); Optick's own pieces
// consume it: instrument-master download → registry, UpstoxFeed → decode → Engine (whole-expiry
// subscriptions) → chain model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '../../src/main/engine/engine.ts';
import { fetchUpstoxMaster } from '../../src/main/engine/feeds/upstox/instrument-master-node.ts';
import { UpstoxFeed } from '../../src/main/engine/feeds/upstox/upstox-feed.ts';
import { zonedDate } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { parseNseSnapshot, type NseChainJson } from '../../src/main/sim/nse-snapshot.ts';
import { serveSnapshot } from '../../src/main/sim/snapshot-server.ts';
import { readSharedJson } from '../helpers/shared-data.ts';

const CASES = [
  { file: 'NIFTY_2022-03-28_1047.json', pcr: 0.7333 },
  { file: 'BANKNIFTY_2023-05-03_1530.json', pcr: 1.0886 },
];

async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('an NSE snapshot over the Upstox feed', () => {
  for (const c of CASES) {
    it(`${c.file}: Optick's PCR, totals and strikes match NSE's published figures`, async () => {
      const json = readSharedJson<NseChainJson>(`nse_option_chain_json/${c.file}`);
      const snap = parseNseSnapshot(c.file.split('_')[0]!, json);
      const server = await serveSnapshot(snap);
      const feed = new UpstoxFeed({ feedUrl: server.feedUrl, accessToken: server.token, minBackoffMs: 50 });
      let engine: Engine | null = null;
      try {
        const registry = await fetchUpstoxMaster(server.instrumentsUrl, { underlyings: [snap.underlying.name], today: zonedDate(snap.timestamp) });
        assert.equal(registry.expiries(snap.underlying.name)[0], snap.expiries[0]);
        engine = new Engine({ feed, registry, now: () => snap.timestamp });
        engine.start('active');
        const f = json.filtered!;
        const lot = snap.underlying.lotSize; // the feed carries OI and volume in units, NSE's page in contracts
        const model = await until('the whole nearest expiry streamed', () => {
          const m = engine!.chain(snap.underlying.name);
          return m.market_metrics.strikes_quoted === m.market_metrics.strikes_total && m.market_metrics.total_pe_oi === f.PE.totOI * lot ? m : null;
        });
        const mm = model.market_metrics;
        assert.deepEqual(engine.status().subscription_plan!.cut, []);
        assert.equal(mm.total_ce_oi, f.CE.totOI * lot);
        assert.equal(mm.total_pe_oi, f.PE.totOI * lot);
        assert.ok(Math.abs(mm.pcr! / (f.PE.totOI / f.CE.totOI) - 1) < 1e-12, `PCR ${mm.pcr} = NSE's totOI ratio ${f.PE.totOI / f.CE.totOI}`);
        assert.equal(Number(mm.pcr!.toFixed(4)), c.pcr, "NSE's published PCR");
        assert.equal(mm.total_ce_volume, f.CE.totVol * lot);
        assert.equal(mm.total_pe_volume, f.PE.totVol * lot);
        assert.ok(Math.abs(mm.pcr_volume! / (f.PE.totVol / f.CE.totVol) - 1) < 1e-12);
        assert.equal(feed.status().decode_errors, 0);
        assert.equal(server.stats().overLimitKeys, 0);
        assert.ok(model.options.length === 41, `${model.options.length} rows shown`);
        assert.notEqual(mm.pcr_shown, mm.pcr, 'the rows shown alone would give another PCR');
      } finally {
        await engine?.stop();
        await feed.stop();
        await server.close();
      }
    });
  }
});
