// Two holiday lists exist in the tree until the simulator's expiry calendar reads the NSE
// template (resources/trading-hours/nse.json) instead of resources/holidays/nse-2026.json.
// Until then this test fails the moment they disagree on a trading day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { nse } from './templates.ts';

const other = JSON.parse(readFileSync(new URL('../../resources/holidays/nse-2026.json', import.meta.url), 'utf8')) as { date: string; kind: string }[];
const weekday = (d: string) => { const w = new Date(`${d}T00:00:00Z`).getUTCDay(); return w !== 0 && w !== 6; };

test('the NSE template and resources/holidays/nse-2026.json close the same weekdays', () => {
  const mine = nse.holidays.filter((h) => h.kind === 'full' && weekday(h.date)).map((h) => h.date);
  const theirs = [...new Set(other.filter((h) => h.kind === 'full' && weekday(h.date)).map((h) => h.date))].sort();
  assert.deepEqual(mine, theirs);
});

test('both lists know the same special-session dates', () => {
  assert.deepEqual(nse.holidays.filter((h) => h.kind === 'special').map((h) => h.date), [...new Set(other.filter((h) => h.kind === 'special').map((h) => h.date))].sort());
});
