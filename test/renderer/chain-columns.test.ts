import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ColDef, ColGroupDef } from 'ag-grid-community';
import type { ChainRow } from '../../src/shared/chain.ts';
import { emptyLeg } from '../../src/shared/chain.ts';
import { CHAIN_COLUMNS, CHAIN_ROW_CLASSES, isCallItm, isPutItm, legField, rowIdOf } from '../../src/renderer/components/chain-columns.ts';
import { LEG_COLUMN_KEYS } from '../../src/renderer/components/chain/column-plan.ts';
import { spreadTier } from '../../src/renderer/components/spread.ts';
import { niftyChain } from './nse-chain-fixture.ts';

const leaves = (group: ColDef<ChainRow> | ColGroupDef<ChainRow>): ColDef<ChainRow>[] =>
  'children' in group ? group.children.flatMap((c) => leaves(c)) : [group];
const all = CHAIN_COLUMNS.flatMap(leaves);

test('columns read calls outward-in, strike and tag in the middle, puts mirrored', () => {
  const n = LEG_COLUMN_KEYS.length;
  assert.deepEqual(all.map((c) => c.colId), [
    ...LEG_COLUMN_KEYS.map((k) => `ce.${k}`), 'strike', 'tag', ...[...LEG_COLUMN_KEYS].reverse().map((k) => `pe.${k}`),
  ]);
  assert.deepEqual(all.slice(0, n).map((c) => c.headerName).slice(0, 13), ['Buildup', 'OI', 'ΔOI', '%ΔOI', 'Volume', 'Bid Qty', 'Bid', 'LTP', 'Chg', 'Ask', 'Ask Qty', 'Sprd', 'IV']);
});

test('cells show the real NSE row formatted, IV with %, blanks where pricing has not landed', () => {
  const row = niftyChain().options.find((r) => r.strike === 17000)!;
  const text = (key: Parameters<typeof legField>[0], side: 'ce' | 'pe' = 'ce') => legField(key).text((side === 'ce' ? row.ce_data : row.pe_data)!);
  assert.equal(text('ltp'), '181.50');
  assert.equal(text('bid'), '181.40');
  assert.equal(text('spread'), '0.25');
  assert.equal(text('ltp', 'pe'), '144.45');
  assert.equal(text('delta'), '', 'NSE sends no delta; blank until our pricing lands');
  assert.match(text('iv'), /^\d+\.\d{2}%$/);
  assert.match(text('oi', 'pe'), /^[\d,]+$/);
});

test('ΔOI, %ΔOI, LTP change and buildup: signed, toned green up and red down', () => {
  const leg = { ...emptyLeg('NIFTY31MAR2217000CE', 'k'), ltp: 181.5, change: -12.3, oi_change: 123450, oi_change_pct: 12.5, buildup: 'short_buildup' as const };
  assert.equal(legField('oi_change').text(leg), '+1,23,450');
  assert.equal(legField('oi_change').tone?.(leg), 'tone-up');
  assert.equal(legField('oi_change_pct').text(leg), '+12.5%');
  assert.equal(legField('change').text(leg), '-12.30');
  assert.equal(legField('change').tone?.(leg), 'tone-down');
  assert.equal(legField('ltp').tone?.(leg), 'tone-down', 'LTP coloured by its change on the day');
  assert.equal(legField('buildup').text(leg), 'Short build');
  assert.equal(legField('buildup').tone?.(leg), 'tone-down');
  const blank = emptyLeg('X', 'k');
  assert.equal(legField('oi_change').text(blank), '', 'no previous close known: blank, not 0');
  assert.equal(legField('buildup').text(blank), '');
});

test('leg cells take the leg itself as value (stable across updates), so the grid never re-renders them', () => {
  const row = niftyChain().options[0]!;
  const col = all.find((c) => c.colId === 'pe.ltp')!;
  const getter = col.valueGetter as (p: { data: ChainRow }) => unknown;
  assert.equal(getter({ data: row }), row.pe_data);
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
