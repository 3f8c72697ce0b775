import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColDef, ColGroupDef, ValueGetterParams } from 'ag-grid-community';
import type { ChainRow } from '../../src/shared/chain.ts';
import { CHAIN_COLUMNS, CHAIN_ROW_CLASSES, isCallItm, isPutItm, rowIdOf } from '../../src/renderer/components/chain-columns.ts';
import { spreadTier } from '../../src/renderer/components/spread.ts';
import { niftyChain } from './nse-chain-fixture.ts';

const leaves = (group: ColDef<ChainRow> | ColGroupDef<ChainRow>): ColDef<ChainRow>[] =>
  'children' in group ? group.children.flatMap((c) => leaves(c)) : [group];
const all = CHAIN_COLUMNS.flatMap(leaves);

test('columns read calls outward-in, strike and tag in the middle, puts mirrored', () => {
  assert.deepEqual(all.map((c) => c.headerName), [
    'OI', 'Volume', 'Bid Qty', 'Bid', 'LTP', 'Ask', 'Ask Qty', 'Spread', 'IV', 'Delta',
    'Strike', 'Tag',
    'Delta', 'IV', 'Spread', 'Ask Qty', 'Ask', 'LTP', 'Bid', 'Bid Qty', 'Volume', 'OI',
  ]);
  assert.equal(all.slice(0, 10).every((c) => c.colId?.startsWith('ce.')), true);
  assert.equal(all.slice(12).every((c) => c.colId?.startsWith('pe.')), true);
});

test('cells show the real NSE row formatted, IV in percent, blanks where pricing has not landed', () => {
  const row = niftyChain().options.find((r) => r.strike === 17000)!;
  const shown = (colId: string) => {
    const col = all.find((c) => c.colId === colId)!;
    const getter = col.valueGetter as (p: ValueGetterParams<ChainRow>) => unknown;
    const value = getter({ data: row } as ValueGetterParams<ChainRow>);
    return (col.valueFormatter as (p: { value: unknown }) => string)({ value });
  };
  assert.equal(shown('ce.ltp'), '181.50');
  assert.equal(shown('ce.bid'), '181.40');
  assert.equal(shown('ce.spread'), '0.25');
  assert.equal(shown('pe.ltp'), '144.45');
  assert.equal(shown('ce.delta'), '', 'NSE sends no delta; blank until our pricing lands');
  assert.match(shown('ce.iv'), /^\d+\.\d{2}$/);
  assert.match(shown('pe.oi'), /^[\d,]+$/);
});

test('row id is the strike; ATM and ITM halves come from the tag', () => {
  const rows = niftyChain().options;
  const atm = rows.find((r) => r.tag === 'ATM')!;
  assert.equal(rowIdOf(atm), '17000');
  const below = rows.find((r) => r.strike === 16950)!;
  const above = rows.find((r) => r.strike === 17050)!;
  assert.deepEqual([isCallItm(below), isPutItm(below)], [true, false]);
  assert.deepEqual([isCallItm(above), isPutItm(above)], [false, true]);
  assert.deepEqual([isCallItm(atm), isPutItm(atm)], [false, false]);
  const atmRule = CHAIN_ROW_CLASSES['row-atm'] as (p: { data: ChainRow }) => boolean;
  assert.equal(rows.filter((data) => atmRule({ data })).length, 1);
});

test('spread tiers: one tick or ≤0.5 % is tight, ≤2 % normal, beyond that wide', () => {
  assert.equal(spreadTier(181.4, 181.65), 'tight', '0.25 on 181.5 is 0.14 %');
  assert.equal(spreadTier(10.1, 10.15), 'tight', 'one tick, even though 0.5 %');
  assert.equal(spreadTier(0.05, 0.1), 'tight', 'one tick on a wing');
  assert.equal(spreadTier(100, 101.5), 'normal');
  assert.equal(spreadTier(100, 102), 'normal', '2 % of 101 mid is 2.02');
  assert.equal(spreadTier(3, 3.5), 'wide');
  assert.equal(spreadTier(null, 5), null);
  assert.equal(spreadTier(0, 5), null, 'no bid');
  assert.equal(spreadTier(5, 4.9), null, 'crossed book');
});
