// NSE F&O bhavcopy (UDiFF) parsing and ΔOI, on the real 23/24/25-Mar-2026 NIFTY files of
// ../shared/data/nse_fo_bhavcopy: the ΔOI computed from two consecutive bhavcopies equals NSE's
// own ChngInOpnIntrst on every NIFTY row.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BhavcopyError, oiChangeBetween, parseBhavcopy } from '../../src/main/engine/bhavcopy/parse.ts';
import { sharedDataPath } from '../helpers/shared-data.ts';

const read = (name: string) => readFileSync(sharedDataPath(`nse_fo_bhavcopy/${name}`), 'utf8');
const NIFTY = new Set(['NIFTY']);

describe('NSE F&O bhavcopy', () => {
  for (const [prev, today] of [['NIFTY_2026-03-23.csv', 'NIFTY_2026-03-24.csv'], ['NIFTY_2026-03-24.csv', 'NIFTY_2026-03-25.csv']] as const) {
    it(`ΔOI ${today} vs ${prev} equals NSE's ChngInOpnIntrst on every NIFTY row`, () => {
      const a = parseBhavcopy(read(prev), prev, NIFTY);
      const b = parseBhavcopy(read(today), today, NIFTY);
      assert.deepEqual(a.errors, []);
      assert.deepEqual(b.errors, []);
      assert.equal(b.tradeDate, today.slice(6, 16));
      const totalRows = read(today).trim().split('\n').length - 1;
      assert.equal(b.rows.length, totalRows, 'every row of the file is a NIFTY row and is kept');
      const change = oiChangeBetween(a.rows, b.rows);
      let checked = 0;
      for (const r of b.rows) {
        assert.equal(change.get(r), r.oiChange, `line ${r.line} ${r.name}: ${change.get(r)} vs NSE ${r.oiChange}`);
        checked++;
      }
      assert.equal(checked, totalRows);
      assert.ok(b.rows.some((r) => r.instrument === 'IDF') && b.rows.some((r) => r.side === 'PE'));
    });
  }

  it('keeps the wanted symbols only and names the others', () => {
    const b = parseBhavcopy(read('BANKNIFTY_2026-03-24.csv'), 'BANKNIFTY_2026-03-24.csv', NIFTY);
    assert.equal(b.rows.length, 0);
    assert.ok(b.ignored > 1000);
    assert.deepEqual(b.symbols, ['BANKNIFTY']);
  });

  it('reports bad rows by line and keeps the rest', () => {
    const lines = read('NIFTY_2026-03-24.csv').trim().split('\n').slice(0, 6);
    const cells = lines[2]!.split(',');
    cells[22] = 'lots'; // OpnIntrst
    lines[2] = cells.join(',');
    const c4 = lines[4]!.split(',');
    c4[12] = 'XX'; // OptnTp
    lines[4] = c4.join(',');
    const b = parseBhavcopy(lines.join('\n'), 'bad.csv', NIFTY);
    assert.equal(b.rows.length, 3);
    assert.deepEqual(b.errors.map((e) => e.line), [3, 5]);
    assert.match(b.errors[0]!.message, /OpnIntrst 'lots'/);
    assert.match(b.errors[1]!.message, /OptnTp 'XX'/);
  });

  it('refuses a file that is not a UDiFF F&O bhavcopy, naming what is wrong', () => {
    assert.throws(() => parseBhavcopy('SYMBOL,SERIES,OPEN\nNIFTY,EQ,1\n', 'old.csv'), (e: Error) => e instanceof BhavcopyError && /old\.csv is not an NSE F&O bhavcopy.*missing columns TradDt/.test(e.message));
    const header = read('NIFTY_2026-03-24.csv').split('\n')[0]!;
    const row = read('NIFTY_2026-03-24.csv').split('\n')[1]!.replace(',FO,', ',CM,');
    assert.throws(() => parseBhavcopy(`${header}\n${row}\n`, 'cm.csv'), /cm\.csv is a cash-market \(CM\) bhavcopy/);
    const mixed = [header, read('NIFTY_2026-03-24.csv').split('\n')[1]!, read('NIFTY_2026-03-25.csv').split('\n')[1]!].join('\n');
    assert.throws(() => parseBhavcopy(mixed, 'mixed.csv'), /mixes trade dates 2026-03-24, 2026-03-25/);
  });
});
