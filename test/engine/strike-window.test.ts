import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nearestStrikeIndex, nextAtmIndex, nextSubscriptionCentre, subscribedRange, visibleRows } from '../../src/main/engine/chain/strike-window.ts';

const strikes = Array.from({ length: 121 }, (_, i) => 23000 + 50 * i); // 23000 … 29000

describe('strike window', () => {
  it('ATM is the listed strike nearest the underlying; ties go to the lower strike', () => {
    assert.equal(strikes[nearestStrikeIndex(strikes, 26012.4)], 26000);
    assert.equal(strikes[nearestStrikeIndex(strikes, 26025)], 26000);
    assert.equal(strikes[nearestStrikeIndex(strikes, 26025.01)], 26050);
    assert.equal(strikes[nearestStrikeIndex(strikes, 1)], 23000);
    assert.equal(strikes[nearestStrikeIndex(strikes, 1e9)], 29000);
    assert.equal(nearestStrikeIndex([], 100), -1);
  });

  it('shows 41 rows tagged ITM20…ATM…OTM20 a step apart', () => {
    const atm = nearestStrikeIndex(strikes, 26000);
    const rows = visibleRows(strikes, atm);
    assert.equal(rows.length, 41);
    assert.deepEqual(rows.map((r) => r.tag), [
      ...Array.from({ length: 20 }, (_, i) => `ITM${20 - i}`), 'ATM', ...Array.from({ length: 20 }, (_, i) => `OTM${i + 1}`),
    ]);
    assert.equal(rows[20]!.strike, 26000);
    for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.strike - rows[i - 1]!.strike, 50);
  });

  it('clips at the edge of the listed strikes', () => {
    assert.equal(visibleRows(strikes, 3).length, 24);
  });

  it('ATM has a dead band of 10 % of a step around the half-step boundary, and is exact beyond it', () => {
    const i26000 = strikes.indexOf(26000);
    let atm = nextAtmIndex(strikes, -1, 26024, 0.1);
    assert.equal(strikes[atm], 26000);
    let flips = 0;
    for (let i = 0; i < 1000; i++) {
      const next = nextAtmIndex(strikes, atm, 26025 + (i % 2 ? 4.9 : -4.9), 0.1); // hovers inside ±5 points
      if (next !== atm) flips++;
      atm = next;
    }
    assert.equal(flips, 0);
    assert.equal(strikes[nextAtmIndex(strikes, i26000, 26030.1, 0.1)], 26050, 'past the band: the nearest wins');
    assert.equal(strikes[nextAtmIndex(strikes, i26000, 26140, 0.1)], 26150, 'a jump of several strikes is exact');
    assert.equal(strikes[nextAtmIndex(strikes, strikes.indexOf(26050), 26020, 0.1)], 26050, 'inside the band from above, it stays');
  });

  it('a price hovering at the half-step boundary does not move subscriptions', () => {
    let centre: number | null = null;
    let moves = 0;
    for (let i = 0; i < 1000; i++) {
      const price = 26025 + (i % 2 ? 0.05 : -0.05); // flips ATM between 26000 and 26050
      const next = nextSubscriptionCentre(centre, nearestStrikeIndex(strikes, price), 2);
      if (next !== centre) moves++;
      centre = next;
    }
    assert.equal(moves, 1); // only the first placement
  });

  it('re-centres once ATM drifts beyond the margin and keeps the rows inside the subscribed range', () => {
    let centre = nextSubscriptionCentre(null, 60, 2);
    for (let atm = 55; atm <= 70; atm++) {
      centre = nextSubscriptionCentre(centre, atm, 2);
      assert.ok(Math.abs(atm - centre) <= 2);
      const { from, to } = subscribedRange(strikes.length, centre, 20, 2);
      assert.ok(from <= atm - 20 && to >= atm + 20, `rows of ATM ${atm} inside ${from}..${to}`);
    }
  });
});
