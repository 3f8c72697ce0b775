// Whole-expiry chain metrics on every saved NSE option-chain snapshot (../shared/data), through
// the real chain model (registry → MarketState → OptionChain.model): PCR and totals equal NSE's
// own `filtered` totals for the nearest expiry, and every expiry's PCR and max pain equal an
// independent computation straight from NSE's JSON.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OptionChain } from '../../src/main/engine/chain/option-chain.ts';
import { InstrumentRegistry } from '../../src/main/engine/instruments/registry.ts';
import { MarketState } from '../../src/main/engine/market/market-state.ts';
import { nseDate, parseNseSnapshot, snapshotTicks, type NseChainJson } from '../../src/main/sim/nse-snapshot.ts';
import { readSharedJson, sharedDataPath } from '../helpers/shared-data.ts';

const DIR = 'nse_option_chain_json';
const FILES = readdirSync(sharedDataPath(DIR)).filter((f) => f.endsWith('.json')).sort();

/** NSE's published PCR(OI) for the nearest expiry, to 4 places (shared/data/README.md). */
const PUBLISHED_PCR: Record<string, number> = {
  'NIFTY_2022-03-28_1047.json': 0.7333, 'NIFTY_2022-03-24_1530.json': 0.7403, 'BANKNIFTY_2022-03-28_1530.json': 0.7773,
  'BANKNIFTY_2022-04-27_1530.json': 0.6880, 'BANKNIFTY_2023-05-03_1530.json': 1.0886,
};

/**
 * Max pain the other way round: for each candidate settlement price (every strike NSE lists for
 * the expiry), walk NSE's raw rows and add what every holder would be paid; candidates are tried
 * from the highest down and a tie replaces the best, so ties land on the lower strike.
 */
function independentMaxPain(json: NseChainJson, expiry: string): number | null {
  const rows = json.records.data.filter((d) => d.expiryDate === expiry);
  const candidates = [...new Set(rows.map((d) => d.strikePrice))].sort((a, b) => b - a);
  let best: number | null = null;
  let bestPain = Number.POSITIVE_INFINITY;
  let anyOi = false;
  for (const settle of candidates) {
    let pain = 0;
    for (const d of rows) {
      const callOi = d.CE?.openInterest ?? 0, putOi = d.PE?.openInterest ?? 0;
      if (callOi || putOi) anyOi = true;
      if (settle > d.strikePrice) pain += (settle - d.strikePrice) * callOi;
      else if (settle < d.strikePrice) pain += (d.strikePrice - settle) * putOi;
    }
    if (pain <= bestPain * (1 + 1e-12)) { bestPain = Math.min(pain, bestPain); best = settle; }
  }
  return anyOi ? best : null;
}

function modelsOf(file: string) {
  const json = readSharedJson<NseChainJson>(`${DIR}/${file}`);
  const snap = parseNseSnapshot(file.split('_')[0]!, json);
  const registry = new InstrumentRegistry([snap.underlying], snap.legs.map((l) => l.contract));
  const market = new MarketState();
  for (const t of snapshotTicks(snap)) market.apply(t);
  const models = snap.expiries.map((expiry) => {
    const chain = new OptionChain(`${snap.underlying.name}|${expiry}`, snap.underlying, expiry, registry.strikes(snap.underlying.name, expiry), { halfWidth: 20, margin: 2, atmBand: 0.1, optionMode: 'depth' });
    chain.onUnderlyingPrice(snap.spot);
    return chain.model(market);
  });
  return { json, snap, models };
}

describe('whole-expiry metrics on every NSE snapshot', () => {
  assert.equal(FILES.length, 7, `expected the 7 snapshots of shared/data/${DIR}`);
  for (const file of FILES) {
    it(`${file}: every expiry's PCR and max pain over all strikes; nearest expiry = NSE's filtered totals`, () => {
      const { json, snap, models } = modelsOf(file);
      assert.ok(models.length >= 5);
      for (const m of models) {
        const nseExpiry = json.records.expiryDates.find((e) => nseDate(e) === m.expiry)!;
        const rows = json.records.data.filter((d) => d.expiryDate === nseExpiry);
        let ce = 0, pe = 0, ceVol = 0, peVol = 0, maxOi = 0;
        for (const d of rows) {
          ce += d.CE?.openInterest ?? 0; pe += d.PE?.openInterest ?? 0; ceVol += d.CE?.totalTradedVolume ?? 0; peVol += d.PE?.totalTradedVolume ?? 0;
          maxOi = Math.max(maxOi, d.CE?.openInterest ?? 0, d.PE?.openInterest ?? 0);
        }
        const mm = m.market_metrics;
        assert.equal(mm.strikes_total, new Set(rows.map((d) => d.strikePrice)).size, `${m.expiry} strikes`);
        assert.equal(mm.strikes_quoted, mm.strikes_total);
        assert.equal(mm.total_ce_oi, ce, `${m.expiry} call OI`);
        assert.equal(mm.total_pe_oi, pe, `${m.expiry} put OI`);
        assert.equal(mm.total_ce_volume, ceVol);
        assert.equal(mm.total_pe_volume, peVol);
        assert.equal(mm.pcr, ce > 0 ? pe / ce : null, `${m.expiry} PCR`);
        assert.equal(mm.pcr_volume, ceVol > 0 ? peVol / ceVol : null);
        // The OI bars' scale: the largest leg OI of the whole expiry, not of the 41 rows shown.
        assert.equal(mm.max_oi, maxOi, `${m.expiry} max OI`);
        const shownMax = Math.max(0, ...m.options.flatMap((r) => [r.ce_data?.oi ?? 0, r.pe_data?.oi ?? 0]));
        assert.ok(mm.max_oi! >= shownMax);
        assert.equal(mm.max_pain, independentMaxPain(json, nseExpiry), `${m.expiry} max pain`);
        // The shown twins are over the 41 rows only.
        assert.ok(m.options.length <= 41);
        const shownCe = m.options.reduce((s, r) => s + (r.ce_data?.oi ?? 0), 0);
        assert.equal(mm.total_ce_oi_shown, m.options.some((r) => r.ce_data) ? shownCe : null);
      }
      const nearest = models[0]!;
      assert.equal(nearest.expiry, snap.expiries[0]);
      if (json.filtered) {
        const f = json.filtered;
        assert.equal(nearest.market_metrics.total_ce_oi, f.CE.totOI);
        assert.equal(nearest.market_metrics.total_pe_oi, f.PE.totOI);
        assert.equal(nearest.market_metrics.total_ce_volume, f.CE.totVol);
        assert.equal(nearest.market_metrics.total_pe_volume, f.PE.totVol);
        assert.equal(nearest.market_metrics.pcr, f.PE.totOI / f.CE.totOI);
        assert.equal(Number(nearest.market_metrics.pcr!.toFixed(4)), PUBLISHED_PCR[file]);
      } else {
        assert.ok(file.startsWith('NIFTY_2020'), `${file} has no filtered block`);
      }
    });
  }

  it('NIFTY 28-Mar-2022 10:47: pcr is the whole expiry (0.733, as NSE), pcr_shown the 41 rows around the spot ATM', () => {
    const { models } = modelsOf('NIFTY_2022-03-28_1047.json');
    const m = models[0]!;
    const mm = m.market_metrics;
    assert.equal(m.atm_strike, 17000);
    assert.equal(m.options.length, 41);
    assert.equal(Number(mm.pcr!.toFixed(3)), 0.733);
    const ce = m.options.reduce((s, r) => s + (r.ce_data?.oi ?? 0), 0), pe = m.options.reduce((s, r) => s + (r.pe_data?.oi ?? 0), 0);
    assert.equal(mm.pcr_shown, pe / ce);
    assert.notEqual(Number(mm.pcr_shown!.toFixed(3)), 0.733);
    assert.equal(mm.max_pain, 17100);
  });
});
