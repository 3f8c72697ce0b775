import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_PRIORITY, DEFAULT_COLUMNS, LEG_COLUMN_KEYS, defaultChoice, pinColumn, planColumns, readChoice, toggleColumn } from '../../src/renderer/components/chain/column-plan.ts';
import type { LegColumnKey } from '../../src/renderer/components/chain/column-plan.ts';
import { legField } from '../../src/renderer/components/chain-columns.ts';

const floor = (k: LegColumnKey) => legField(k).minWidth + 6;
const CENTRE = 112;

test('wide window: every default column fits, in call-side order', () => {
  const plan = planColumns(defaultChoice(), 1900, CENTRE, floor);
  assert.deepEqual(plan.shown, LEG_COLUMN_KEYS.filter((k) => DEFAULT_COLUMNS.includes(k)));
  assert.deepEqual(plan.noRoom, []);
});

test('narrowing drops columns in pairs, lowest priority first, and what is shown always fits', () => {
  let last = Infinity;
  for (let width = 1900; width >= 300; width -= 20) {
    const plan = planColumns(defaultChoice(), width, CENTRE, floor);
    const used = CENTRE + plan.shown.reduce((s, k) => s + 2 * floor(k), 0);
    assert.ok(plan.shown.includes('ltp'), `LTP always kept (${width} px)`);
    if (plan.shown.length > 1) assert.ok(used <= width, `${width} px: ${used} px used`);
    assert.ok(plan.shown.length <= last, 'never more columns in a narrower window');
    last = plan.shown.length;
    for (const gone of plan.noRoom) for (const kept of plan.shown) {
      if (COLUMN_PRIORITY[gone] < COLUMN_PRIORITY[kept]) assert.ok(2 * floor(gone) > 2 * floor(kept), `${gone} dropped before less important ${kept} only when wider`);
    }
  }
});

test('laptop widths keep LTP, OI, IV, ΔOI, bid and ask on both sides', () => {
  // 1280 px window − 28 px rail − a scrollbar; with the dock on the right, 560 px is the least the chain gets.
  for (const width of [1236, 1322, 544]) {
    const plan = planColumns(defaultChoice(), width, CENTRE, floor);
    for (const k of (width > 1000 ? ['ltp', 'oi', 'iv', 'oi_change', 'bid', 'ask'] : ['ltp', 'oi', 'iv']) as LegColumnKey[]) assert.ok(plan.shown.includes(k), `${k} at ${width} px: ${plan.shown.join(',')}`);
    assert.ok(plan.noRoom.length > 0 || width > 1300);
  }
});

test('a pinned column is kept before every unpinned one; unchecking unpins', () => {
  const narrow = 700;
  const base = planColumns(defaultChoice(), narrow, CENTRE, floor);
  assert.ok(base.noRoom.includes('ask_qty'));
  const pinned = pinColumn(defaultChoice(), 'ask_qty');
  const plan = planColumns(pinned, narrow, CENTRE, floor);
  assert.ok(plan.shown.includes('ask_qty'));
  assert.ok(plan.noRoom.length >= base.noRoom.length - 1);
  const off = toggleColumn(pinned, 'ask_qty');
  assert.equal(off.wanted.includes('ask_qty'), false);
  assert.equal(off.pinned.includes('ask_qty'), false);
  assert.deepEqual(toggleColumn(off, 'gamma').wanted.at(-1), 'gamma');
});

test('the remembered choice: unknown names and junk fall back, never break the grid', () => {
  assert.deepEqual(readChoice(null), defaultChoice());
  assert.deepEqual(readChoice('not json'), defaultChoice());
  assert.deepEqual(readChoice('{"wanted": 3}'), defaultChoice());
  assert.deepEqual(readChoice(JSON.stringify({ wanted: ['ltp', 'gamma', 'bogus', 'ltp'], pinned: ['gamma', 'oi'] })), { wanted: ['ltp', 'gamma'], pinned: ['gamma'] });
});
