// The ΔOI baseline from Optick's own history: each option's last recorded OI before a time (the
// previous session's close), read from the real tick store's 1-minute bars.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { historyBaseline } from '../../src/main/engine/bhavcopy/baseline.ts';
import { zonedDate, zonedEpochMs } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { StoreReader } from '../../src/main/engine/store/store-reader.ts';
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'optick-lastoi-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test("lastOiBefore: each option's last OI of the previous session, not today's, not the index's", async () => {
  const file = join(dir, 'ticks.db');
  const store = await openTickStore({ file, batchMs: 20 });
  const opt = (key: string, strike: number) => store.registerInstrument({ key, symbol: `NIFTY24NOV26${strike}CE`, underlying: 'NIFTY', expiry: '2026-11-24', strike, side: 'CE' });
  opt('NSE_FO|1', 26000);
  opt('NSE_FO|2', 26050);
  store.registerInstrument({ key: 'NSE_INDEX|Nifty 50', symbol: 'NIFTY', underlying: 'NIFTY' });
  const at = (d: string, hm: string) => zonedEpochMs(d, hm);
  const tick = (key: string, ts: number, oi: number) => store.append({ key, exchangeTs: ts, receiveTs: ts, ltp: 100, volume: 10, oi });
  tick('NSE_FO|1', at('2026-11-19', '15:20'), 5000);
  tick('NSE_FO|1', at('2026-11-20', '10:00'), 6500);
  tick('NSE_FO|1', at('2026-11-20', '15:29'), 7150); // the previous session's close
  tick('NSE_FO|2', at('2026-11-19', '14:00'), 1300); // last traded a day earlier
  tick('NSE_FO|1', at('2026-11-23', '09:20'), 9100); // today: not a previous close
  store.append({ key: 'NSE_INDEX|Nifty 50', exchangeTs: at('2026-11-20', '15:29'), receiveTs: at('2026-11-20', '15:29'), ltp: 26000 });
  await store.close();
  const r = new StoreReader(file);
  try {
    const rows = r.lastOiBefore('NIFTY', at('2026-11-23', '00:00')).sort((a, b) => a.key.localeCompare(b.key));
    assert.deepEqual(rows.map((x) => [x.key, x.oi]), [['NSE_FO|1', 7150], ['NSE_FO|2', 1300]]);
    const b = historyBaseline(rows, (ms) => zonedDate(ms))!;
    assert.equal(b.date, '2026-11-20');
    assert.deepEqual([...b.oi], [['NSE_FO|1', 7150]], 'only options recorded in that last session');
    assert.deepEqual(r.lastOiBefore('BANKNIFTY', at('2026-11-23', '00:00')), []);
  } finally {
    r.close();
  }
});
