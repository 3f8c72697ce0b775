// The simulator's last trades lie within the spread quoted with them, as on a real book: over
// 10,000 option ticks of the market model, every option's LTP is between its bid and ask (at
// the touch or inside) after every tick, and each trade prints at the touch it was made at.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KIND_OPTION } from '../../src/main/sim/instrument-state.ts';
import { makeModel } from './model-fixture.ts';

describe('simulator trades inside the spread', () => {
  for (const seed of [1, 7]) {
    it(`seed ${seed}: 10,000 option ticks, LTP always within [bid, ask]`, () => {
      const m = makeModel(seed, 2000);
      const volume = new Map<number, number>();
      let ticks = 0, trades = 0, atTouch = 0;
      while (ticks < 10_000) {
        const n = m.step();
        for (let i = 0; i < n; i++) {
          const s = m.instruments[m.ticked[i]!]!;
          if (s.kind !== KIND_OPTION) continue;
          ticks++;
          assert.ok(s.ask > 0 && (s.bid === 0 || s.bid < s.ask), `${s.key}: a two-sided or ask-only book (${s.bid}/${s.ask})`);
          assert.ok(s.ltp <= s.ask + 1e-9, `${s.key}: LTP ${s.ltp} above the ask ${s.ask} (tick ${ticks})`);
          assert.ok(s.bid === 0 || s.ltp >= s.bid - 1e-9, `${s.key}: LTP ${s.ltp} below the bid ${s.bid} (tick ${ticks})`);
          if (s.volume !== (volume.get(s.index) ?? s.volume)) {
            trades++;
            if (Math.abs(s.ltp - s.bid) < 1e-9 || Math.abs(s.ltp - s.ask) < 1e-9) atTouch++;
          }
          volume.set(s.index, s.volume);
        }
      }
      assert.ok(trades > 1000, `${trades} trades`);
      assert.ok(atTouch / trades > 0.9, `${atTouch} of ${trades} trades at the touch of the book quoted with them`);
    });
  }
});
