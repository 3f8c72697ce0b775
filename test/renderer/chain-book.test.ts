import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyLeg, strikeTag } from '../../src/shared/chain.ts';
import type { ChainRow } from '../../src/shared/chain.ts';
import type { ChainDelta } from '../../src/shared/delta.ts';
import { ChainBook } from '../../src/renderer/stores/chain-book.ts';
import { NIFTY_CHAIN_ID, NIFTY_STEP, niftyChain } from './nse-chain-fixture.ts';

const strikes = (rows: ChainRow[]) => rows.map((r) => r.strike);

test('a snapshot of the real NIFTY chain gives the grid 41 rows sorted by strike, ATM in the middle', () => {
  const book = new ChainBook(niftyChain());
  const rows = book.snapshotRows();
  assert.equal(book.id, NIFTY_CHAIN_ID);
  assert.equal(rows.length, 41);
  assert.deepEqual(strikes(rows), Array.from({ length: 41 }, (_, i) => 16000 + i * NIFTY_STEP));
  assert.equal(rows[20]?.tag, 'ATM');
  assert.equal(rows[20]?.strike, 17000);
  assert.equal(book.takeTransaction(), null, 'nothing changed since the snapshot');
});

test('a burst of ticks on one contract within a frame becomes one row update with the last values', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  const deltas: ChainDelta[] = [];
  for (let i = 1; i <= 1000; i++) deltas.push({ chain: NIFTY_CHAIN_ID, rows: [{ strike: 17000, ce: { ltp: 150 + i * 0.05, volume: 1_000_000 + i } }] });
  const changes = book.apply(deltas);
  assert.deepEqual(changes, { rows: true, head: false, metrics: false });
  const tx = book.takeTransaction();
  assert.ok(tx);
  assert.equal(tx.add.length + tx.remove.length + tx.update.length, 0, 'values only: nothing for the grid itself');
  assert.equal(tx.repaint.length, 1);
  assert.equal(tx.repaint[0]?.strike, 17000);
  assert.equal(tx.repaint[0]?.ce_data?.ltp, 150 + 1000 * 0.05);
  assert.equal(tx.repaint[0]?.ce_data?.volume, 1_001_000);
  assert.equal(tx.repaint[0]?.pe_data?.ltp, 144.45, 'the put leg keeps its real NSE LTP');
  assert.equal(book.takeTransaction(), null, 'the next frame has nothing to send');
});

test('deltas addressed to another chain change nothing', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  const changes = book.apply([{ chain: 'BANKNIFTY|2022-03-31', rows: [{ strike: 17000, ce: { ltp: 1 } }], head: { underlying_ltp: 1 } }]);
  assert.deepEqual(changes, { rows: false, head: false, metrics: false });
  assert.equal(book.takeTransaction(), null);
  assert.equal(book.model.underlying_ltp, 17022.5);
});

test('a re-centre one step up removes the lowest strike, adds the next one and re-tags, in one transaction', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  const added: ChainRow = { tag: 'OTM20', strike: 18050, ce_data: emptyLeg('NIFTY31MAR2218050CE', 'k1'), pe_data: emptyLeg('NIFTY31MAR2218050PE', 'k2') };
  const retag = book.model.options.filter((r) => r.strike !== 16000)
    .map((r) => ({ strike: r.strike, tag: strikeTag((r.strike - 17050) / NIFTY_STEP) }));
  const changes = book.apply([{ chain: NIFTY_CHAIN_ID, head: { atm_strike: 17050, underlying_ltp: 17049.9 }, removed: [16000], added: [added], rows: retag }]);
  assert.equal(changes.head, true);
  const tx = book.takeTransaction();
  assert.ok(tx);
  assert.deepEqual(strikes(tx.remove), [16000]);
  assert.deepEqual(strikes(tx.add), [18050]);
  assert.equal(tx.update.length, 40, 'every re-tagged row goes to the grid (its ATM/ITM classes move)');
  assert.equal(tx.repaint.length, 0);
  assert.equal(book.model.options.length, 41);
  assert.equal(book.model.options.find((r) => r.tag === 'ATM')?.strike, 17050);
  assert.equal(book.head().atm_strike, 17050);
  assert.equal('options' in book.head(), false, 'the head carries no rows');
});

test('a strike that enters and leaves between two frames never reaches the grid; one that leaves and returns is an update', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  const visitor: ChainRow = { tag: 'OTM21', strike: 18050, ce_data: null, pe_data: null };
  book.apply([{ chain: NIFTY_CHAIN_ID, added: [visitor] }, { chain: NIFTY_CHAIN_ID, removed: [18050] }]);
  assert.equal(book.takeTransaction(), null);

  const returning: ChainRow = { tag: 'ITM20', strike: 16000, ce_data: null, pe_data: null };
  book.apply([{ chain: NIFTY_CHAIN_ID, removed: [16000] }, { chain: NIFTY_CHAIN_ID, added: [returning] }]);
  const tx = book.takeTransaction();
  assert.ok(tx);
  assert.deepEqual({ add: tx.add.length, remove: tx.remove.length }, { add: 0, remove: 0 });
  assert.equal(tx.update[0], returning, 'the grid gets the new row object for the strike');
});

test('metrics-only deltas mark metrics, not rows, and metrics() is a copy', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  const changes = book.apply([{ chain: NIFTY_CHAIN_ID, metrics: { pcr: 0.7333, max_pain: 17100 } }]);
  assert.deepEqual(changes, { rows: false, head: false, metrics: true });
  const metrics = book.metrics();
  assert.equal(metrics.pcr, 0.7333);
  metrics.pcr = 9;
  assert.equal(book.model.market_metrics.pcr, 0.7333);
  assert.equal(book.takeTransaction(), null);
});

test('a new snapshot after changes resets the pending transaction', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  book.apply([{ chain: NIFTY_CHAIN_ID, rows: [{ strike: 16500, pe: { bid: 20.05 } }] }]);
  assert.equal(book.snapshotRows().length, 41);
  assert.equal(book.takeTransaction(), null);
});

test('a frame sorts its rows: values moved → repaint; tag changed or a leg object replaced → grid update', () => {
  const book = new ChainBook(niftyChain());
  book.snapshotRows();
  const freshPut = emptyLeg('NIFTY31MAR2216900PE', 'k-new');
  book.apply([
    { chain: NIFTY_CHAIN_ID, rows: [{ strike: 17000, ce: { ltp: 151.5 } }] },
    { chain: NIFTY_CHAIN_ID, rows: [{ strike: 17050, tag: 'ATM' }] },
    { chain: NIFTY_CHAIN_ID, added: [{ tag: 'ITM2', strike: 16900, ce_data: null, pe_data: freshPut }] },
  ]);
  const tx = book.takeTransaction();
  assert.ok(tx);
  assert.deepEqual(strikes(tx.repaint), [17000]);
  assert.deepEqual(strikes(tx.update).sort((a, b) => a - b), [16900, 17050]);
  assert.equal(tx.update.find((r) => r.strike === 16900)?.pe_data, freshPut, 'the grid gets the new leg object to render');
  assert.equal(tx.add.length + tx.remove.length, 0);

  book.apply([{ chain: NIFTY_CHAIN_ID, rows: [{ strike: 17050, pe: { ltp: 99 } }, { strike: 16900, pe: { ltp: 12 } }] }]);
  const next = book.takeTransaction();
  assert.ok(next);
  assert.deepEqual(strikes(next.repaint).sort((a, b) => a - b), [16900, 17050], 'once the grid knows the new shape, value moves are repaints again');
  assert.equal(next.update.length, 0);
});
