// optick import ticks / optick export, as a user runs them (child processes on a temp data dir):
// the real per-second NIFTY series of 2022-11-01 in, 1-minute candles out, checked against the
// vendor's published 1-minute bars (labelled by END time; ours carry START time).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CSV_HEADERS } from '../../src/main/engine/store/csv-export.ts';
import { COMPARED_FIRST, COMPARED_LAST, PER_SECOND_FILE, vendorBars } from '../candles/nifty-data.ts';
import { REPO_ROOT } from '../helpers/shared-data.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'optick-cli-history-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

function optick(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/optick.mjs'), ...args], { encoding: 'utf8', cwd: REPO_ROOT });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('optick import ticks / optick export', () => {
  it('imports the per-second NIFTY file and exports 1m candles whose closes equal the vendor bars', () => {
    const imp = optick('import', 'ticks', '--symbol', 'NIFTY', PER_SECOND_FILE, '--data-dir', dataDir);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stderr, /NSE_INDEX\|Nifty 50 \(NIFTY\).*0 lines skipped, 0 dropped/);
    const exp = optick('export', 'candles', '--symbol', 'NIFTY', '--from', '2022-11-01', '--to', '2022-11-02', '--interval', '1m', '--out', '-', '--data-dir', dataDir);
    assert.equal(exp.code, 0, exp.stderr);
    const lines = exp.stdout.split('\r\n').filter(Boolean);
    assert.equal(lines[0], CSV_HEADERS.candles);
    const ours = new Map(lines.slice(1).map((l) => {
      const f = l.split(',');
      return [Number(f[1]), { iso: f[0]!, close: Number(f[7]) }];
    }));
    assert.equal(ours.get(COMPARED_FIRST - 60_000)?.iso, '2022-11-01T09:15:00.000+05:30', 'the first bar starts at 09:15 IST');
    const vendor = vendorBars();
    let compared = 0;
    for (let t = COMPARED_FIRST; t <= COMPARED_LAST; t += 60_000) {
      const v = vendor.get(t);
      const o = ours.get(t);
      assert.ok(v && o, `bar starting ${new Date(t).toISOString()} missing (vendor ${!!v}, ours ${!!o})`);
      assert.equal(o.close, v.close, `close of the bar starting ${o.iso}`);
      compared++;
    }
    assert.equal(compared, 374);
  });

  it('exports ticks to a file with --out; ISO-8601 +05:30 and epoch ms agree', () => {
    const out = join(dataDir, 'ticks.csv');
    const r = optick('export', 'ticks', '--symbol', 'NIFTY', '--from', '2022-11-01T09:15:00+05:30', '--to', '2022-11-01T09:20:00+05:30', '--out', out, '--data-dir', dataDir);
    assert.equal(r.code, 0, r.stderr);
    const lines = readFileSync(out, 'utf8').split('\r\n').filter(Boolean);
    assert.equal(lines[0], CSV_HEADERS.ticks);
    assert.ok(lines.length > 250, `${lines.length - 1} ticks in five minutes`);
    assert.match(lines[1]!, /^2022-11-01T09:15:\d{2}\.000\+05:30,\d+,NSE_INDEX\|Nifty 50,/);
    for (const l of lines.slice(1)) { const [iso, ms] = l.split(','); assert.equal(Date.parse(iso!), Number(ms)); }
  });

  it('says clearly what is wrong: unknown symbol, missing file, no store, bad range', () => {
    const csv = join(dataDir, 'one.csv');
    writeFileSync(csv, '2022-11-01 09:15:00,100\n');
    const unknown = optick('import', 'ticks', '--symbol', 'NIFTY01JAN2099000CE', csv, '--data-dir', dataDir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown symbol 'NIFTY01JAN2099000CE'/);
    assert.match(optick('import', 'ticks', '--symbol', 'NIFTY', join(dataDir, 'nope.csv'), '--data-dir', dataDir).stderr, /nope\.csv does not exist/);
    assert.match(optick('export', 'ticks', '--symbol', 'NIFTY', '--from', '2022-11-01', '--to', '2022-11-02', '--data-dir', join(dataDir, 'empty')).stderr, /no tick store/);
    const bad = optick('export', 'ticks', '--symbol', 'NIFTY', '--from', '2022-11-02', '--to', '2022-11-01', '--data-dir', dataDir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /empty range/);
  });
});
