// Chain metrics against real NSE option-chain snapshots (../shared/data), with expected
// values from NSE's own totals (PCR) and a brute-force second implementation (max pain).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chainMetrics, maxPain, type StrikeOi } from '../../src/main/engine/chain/metrics.ts';
import { emptyLeg, type ChainRow } from '../../src/shared/chain.ts';
import { readSharedJson } from '../helpers/shared-data.ts';

interface NseLeg { openInterest: number; totalTradedVolume: number }
interface NseChain {
  records: { expiryDates: string[]; data: { strikePrice: number; expiryDate: string; CE?: NseLeg; PE?: NseLeg }[] };
  filtered: { CE: { totOI: number; totVol: number }; PE: { totOI: number; totVol: number } };
}

const CASES = [
  { file: 'NIFTY_2022-03-28_1047.json', pcr: 0.7333, maxPain: 17100 },
  { file: 'NIFTY_2022-03-24_1530.json', pcr: 0.7403, maxPain: 17200 },
  { file: 'BANKNIFTY_2022-03-28_1530.json', pcr: 0.7773, maxPain: 35600 },
  { file: 'BANKNIFTY_2022-04-27_1530.json', pcr: 0.6880, maxPain: 36000 },
  { file: 'BANKNIFTY_2023-05-03_1530.json', pcr: 1.0886, maxPain: 43200 },
];

/** Independent O(n²) max pain straight from the definition, for cross-checking. */
function bruteMaxPain(rows: StrikeOi[]): number {
  let best = NaN, bestPain = Infinity;
  for (const p of [...rows].sort((a, b) => a.strike - b.strike)) {
    let pain = 0;
    for (const r of rows) pain += r.callOi * Math.max(p.strike - r.strike, 0) + r.putOi * Math.max(r.strike - p.strike, 0);
    if (pain < bestPain) { bestPain = pain; best = p.strike; }
  }
  return best;
}

function nearestRows(chain: NseChain): ChainRow[] {
  const nearest = chain.records.expiryDates[0];
  return chain.records.data.filter((d) => d.expiryDate === nearest).map((d) => {
    const leg = (x: NseLeg | undefined) => x ? { ...emptyLeg('', ''), oi: x.openInterest, volume: x.totalTradedVolume } : null;
    return { tag: '', strike: d.strikePrice, ce_data: leg(d.CE), pe_data: leg(d.PE) };
  });
}

describe('chain metrics on real NSE snapshots', () => {
  for (const c of CASES) {
    it(`${c.file}: PCR(OI) equals NSE's published totals, max pain ${c.maxPain}`, () => {
      const chain = readSharedJson<NseChain>(`nse_option_chain_json/${c.file}`);
      const rows = nearestRows(chain);
      const m = chainMetrics(rows);
      assert.equal(m.total_ce_oi, chain.filtered.CE.totOI);
      assert.equal(m.total_pe_oi, chain.filtered.PE.totOI);
      assert.equal(m.total_ce_volume, chain.filtered.CE.totVol);
      assert.equal(m.total_pe_volume, chain.filtered.PE.totVol);
      assert.equal(Number(m.pcr!.toFixed(4)), c.pcr);
      assert.equal(m.max_pain, c.maxPain);
      const oi = rows.map((r) => ({ strike: r.strike, callOi: r.ce_data?.oi ?? 0, putOi: r.pe_data?.oi ?? 0 }));
      assert.equal(bruteMaxPain(oi), c.maxPain);
    });
  }
});

describe('max pain edge cases', () => {
  it('is null without open interest', () => {
    assert.equal(maxPain([{ strike: 100, callOi: 0, putOi: 0 }]), null);
  });
  it('picks the lower strike on a tie', () => {
    // Pain(100) = 10·10 = 100 (puts at 110), Pain(110) = 10·10 = 100 (calls at 100): a tie.
    assert.equal(maxPain([{ strike: 100, callOi: 10, putOi: 0 }, { strike: 110, callOi: 0, putOi: 10 }]), 100);
  });
  it('handles fractional OI (old contracts after lot changes)', () => {
    const rows = [{ strike: 100, callOi: 319.5, putOi: 4552.5 }, { strike: 105, callOi: 10, putOi: 2 }, { strike: 110, callOi: 900.5, putOi: 1 }];
    assert.equal(maxPain(rows), bruteMaxPain(rows));
  });
  it('PCR is null when no call OI', () => {
    const row: ChainRow = { tag: 'ATM', strike: 100, ce_data: { ...emptyLeg('', ''), oi: 0 }, pe_data: { ...emptyLeg('', ''), oi: 5 } };
    assert.equal(chainMetrics([row]).pcr, null);
  });
});
