// `optick import bhavcopy` on the real NIFTY bhavcopies, and the chain's ΔOI / %ΔOI / buildup
// against that previous close: every leg's ΔOI equals NSE's own ChngInOpnIntrst of the next day.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBhavcopyImport } from '../../src/main/bhavcopy-cli.ts';
import { bhavcopyBaseline, chooseBaseline, historyBaseline } from '../../src/main/engine/bhavcopy/baseline.ts';
import { parseBhavcopy } from '../../src/main/engine/bhavcopy/parse.ts';
import { BHAVCOPY_FILE, loadBhavcopy } from '../../src/main/engine/bhavcopy/store-node.ts';
import { OptionChain } from '../../src/main/engine/chain/option-chain.ts';
import { buildup } from '../../src/main/engine/chain/oi-change.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { MarketState } from '../../src/main/engine/market/market-state.ts';
import type { OptionContract, Tick, UnderlyingInfo } from '../../src/shared/market.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

const csv = (name: string) => sharedDataPath(`nse_fo_bhavcopy/${name}`);
const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'optick-bhav-')); dirs.push(d); return d; };
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
const quiet = { write: () => true };

describe('optick import bhavcopy', () => {
  it('keeps the previous session\'s option OI in the data dir (0600)', () => {
    const dir = tmp();
    const out: string[] = [];
    assert.equal(runBhavcopyImport([csv('NIFTY_2026-03-24.csv'), '--today', '2026-03-25', '--data-dir', dir], { write: (s: string) => out.push(s) }), 0);
    assert.match(out.join(''), /2211 NIFTY options of 2026-03-24 \(previous close for 2026-03-25\)/);
    assert.equal(statSync(join(dir, BHAVCOPY_FILE)).mode & 0o777, 0o600);
    const saved = loadBhavcopy(dir)!;
    assert.equal(saved.trade_date, '2026-03-24');
    assert.equal(Object.keys(saved.oi).length, 2211);
    assert.equal(saved.oi['NIFTY|2026-05-26|24050|CE'], 3640);
  });

  it('skips weekends and NSE holidays: the close before Fri 27-Mar-2026 (26-Mar a holiday) is 25-Mar', () => {
    assert.equal(runBhavcopyImport([csv('NIFTY_2026-03-25.csv'), '--today', '2026-03-27', '--data-dir', tmp()], quiet), 0);
  });

  it('a bhavcopy of another date → a message naming both dates; nothing written', () => {
    const dir = tmp();
    assert.throws(() => runBhavcopyImport([csv('NIFTY_2026-03-24.csv'), '--today', '2026-03-27', '--data-dir', dir], quiet),
      /NIFTY_2026-03-24\.csv is the bhavcopy of 2026-03-24; today's \(2026-03-27\) previous close is the session of 2026-03-25/);
    assert.equal(loadBhavcopy(dir), null);
  });

  it('a bhavcopy of another instrument → a message naming what it holds', () => {
    assert.throws(() => runBhavcopyImport([csv('BANKNIFTY_2026-03-24.csv'), '--today', '2026-03-25', '--underlyings', 'NIFTY', '--data-dir', tmp()], quiet),
      /BANKNIFTY_2026-03-24\.csv has no option rows of NIFTY \(symbols in it: BANKNIFTY\)/);
  });
});

describe('chain ΔOI, %ΔOI and buildup against the imported previous close', () => {
  it('every leg of every NIFTY expiry on 25-Mar-2026: ΔOI = NSE ChngInOpnIntrst; buildup from price and OI change', () => {
    const dir = tmp();
    runBhavcopyImport([csv('NIFTY_2026-03-24.csv'), '--today', '2026-03-25', '--data-dir', dir], quiet);
    const today = parseBhavcopy(readFileSync(csv('NIFTY_2026-03-25.csv'), 'utf8'), '25', new Set(['NIFTY']));
    const nifty: UnderlyingInfo = { name: 'NIFTY', key: 'NSE_INDEX|Nifty 50', exchange: 'NSE', strikeStep: 50, lotSize: 65, timeZone: 'Asia/Kolkata' };
    const options = today.rows.filter((r) => r.side !== null);
    const contracts: OptionContract[] = options.map((r, i) => ({ key: `NSE_FO|${i}`, symbol: r.name, underlying: 'NIFTY', expiry: r.expiry, strike: r.strike!, side: r.side!, lotSize: 65, tickSize: 0.05 }));
    const registry = new InstrumentRegistry([nifty], contracts);
    const market = new MarketState();
    const ts = Date.parse('2026-03-25T10:00:00Z');
    const ticks: Tick[] = [{ key: nifty.key, exchangeTs: ts, receiveTs: ts, ltp: 22900 }];
    options.forEach((r, i) => ticks.push({ key: `NSE_FO|${i}`, exchangeTs: ts, receiveTs: ts, ltp: r.close!, prevClose: r.prevClose!, oi: r.oi, volume: 0 }));
    for (const t of ticks) market.apply(t);
    const baseline = bhavcopyBaseline(loadBhavcopy(dir)!, registry);
    assert.equal(baseline.date, '2026-03-24');
    const rowOf = new Map(options.map((r, i) => [`NSE_FO|${i}`, r]));
    const labels = new Set<string>();
    let checked = 0, fresh = 0;
    for (const expiry of registry.expiries('NIFTY')) {
      const chain = new OptionChain(`NIFTY|${expiry}`, nifty, expiry, registry.strikes('NIFTY', expiry), { halfWidth: 2000, margin: 0, atmBand: 0.1, optionMode: 'depth' });
      chain.setPrevOi(baseline);
      chain.onUnderlyingPrice(22900);
      const m = chain.model(market);
      assert.equal(m.prev_oi_source, 'bhavcopy');
      assert.equal(m.prev_oi_date, '2026-03-24');
      for (const row of m.options) {
        for (const leg of [row.ce_data, row.pe_data]) {
          if (!leg) continue;
          const r = rowOf.get(leg.instrument_key)!;
          if (leg.prev_oi === null) {
            // Listed on 25-Mar: not in the 24-Mar bhavcopy, so no previous close (NSE's change is then the whole OI).
            assert.equal(r.oiChange, r.oi, `${r.name} new contract`);
            fresh++;
            continue;
          }
          assert.equal(leg.oi_change, r.oiChange, `${r.name}: ΔOI ${leg.oi_change} vs NSE ${r.oiChange}`);
          assert.equal(leg.oi_change_pct, leg.prev_oi === 0 ? null : (100 * r.oiChange!) / leg.prev_oi);
          assert.equal(leg.buildup, buildup(leg.change, leg.oi_change));
          if (leg.buildup) labels.add(leg.buildup);
          checked++;
        }
      }
    }
    assert.equal(checked + fresh, options.length, 'every option leg of the file was shown and checked');
    assert.ok(checked > 1900 && fresh < 200, `${checked} legs with a previous close, ${fresh} listed that day`);
    assert.deepEqual([...labels].sort(), ['long_buildup', 'long_unwinding', 'short_buildup', 'short_covering']);
  });

  it('buildup labels and the baseline choice', () => {
    assert.equal(buildup(2, 100), 'long_buildup');
    assert.equal(buildup(-2, 100), 'short_buildup');
    assert.equal(buildup(2, -100), 'short_covering');
    assert.equal(buildup(-2, -100), 'long_unwinding');
    assert.equal(buildup(0, 100), null);
    assert.equal(buildup(2, null), null);
    const day = (ms: number) => new Date(ms + 19_800_000).toISOString().slice(0, 10);
    const own = historyBaseline([{ key: 'a', oi: 10, time: Date.parse('2026-03-24T09:59:00Z') }, { key: 'b', oi: 7, time: Date.parse('2026-03-23T09:59:00Z') }], day)!;
    assert.deepEqual([own.source, own.date, [...own.oi]], ['history', '2026-03-24', [['a', 10]]], 'only the last session\'s own bars');
    const saved = { trade_date: '2026-03-23', source: '/x/old.csv', imported_at: 0, oi: {} };
    const bhav = { saved, baseline: { source: 'bhavcopy' as const, date: '2026-03-23', oi: new Map([['a', 1]]) } };
    assert.equal(chooseBaseline(own, bhav, '2026-03-24').baseline, own, 'own history of the previous session first');
    const c = chooseBaseline(null, bhav, '2026-03-24');
    assert.equal(c.baseline, null);
    assert.match(c.problem!, /\/x\/old\.csv is of 2026-03-23, not of the previous session 2026-03-24/);
    assert.equal(chooseBaseline(null, { ...bhav, saved: { ...saved, trade_date: '2026-03-24' } }, '2026-03-24').baseline, bhav.baseline);
  });
});
