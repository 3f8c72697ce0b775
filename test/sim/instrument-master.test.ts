// The simulator serves an Upstox-format instrument master (gzipped JSON array) from which a client
// discovers expiries, strikes and lots exactly as it will from the real broker's file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startSimulator } from '../../src/main/sim/index.ts';
import type { SimulatorHandle } from '../../src/main/sim/index.ts';
import { zonedEpochMs } from '../../src/main/engine/instruments/expiry-calendar.ts';
import { TODAY_10AM } from './model-fixture.ts';

type Rec = Record<string, unknown> & { instrument_key: string; segment: string };
let sim: SimulatorHandle;
let records: Rec[];

before(async () => {
  sim = await startSimulator({ now: () => TODAY_10AM, rate: 0 });
  const res = await fetch(sim.instrumentsUrl);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /gzip|octet-stream/);
  records = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8')) as Rec[];
});
after(() => sim.close());

const optionsOf = (u: string): Rec[] => records.filter((r) => r.segment === 'NSE_FO' && r.underlying_symbol === u);
const dates = (rs: Rec[]): number[] => [...new Set(rs.map((r) => r.expiry as number))].sort((a, b) => a - b);
const eod = (date: string): number => zonedEpochMs(date, '23:59:59');

test('both master paths serve the same file; the two index records come first', async () => {
  const complete = await fetch(`${sim.baseUrl}/market-quote/instruments/exchange/complete.json.gz`);
  assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(await complete.arrayBuffer())).toString('utf8')), records);
  assert.deepEqual(records.slice(0, 2), [
    { segment: 'NSE_INDEX', name: 'Nifty 50', exchange: 'NSE', instrument_type: 'INDEX', instrument_key: 'NSE_INDEX|Nifty 50', exchange_token: '26000', trading_symbol: 'NIFTY' },
    { segment: 'NSE_INDEX', name: 'Nifty Bank', exchange: 'NSE', instrument_type: 'INDEX', instrument_key: 'NSE_INDEX|Nifty Bank', exchange_token: '26009', trading_symbol: 'BANKNIFTY' },
  ]);
});

test('NIFTY lists 4 weeklies + 3 monthlies from the NSE calendar, expiry = 23:59:59 IST of the day', () => {
  const nifty = optionsOf('NIFTY');
  const exp = dates(nifty);
  assert.deepEqual(exp.slice(0, 6), ['2026-11-23', '2026-12-01', '2026-12-08', '2026-12-15', '2026-12-22', '2026-12-29'].map(eod));
  assert.equal(exp.length, 7);
  const weekly = (e: number): boolean => nifty.find((r) => r.expiry === e)!.weekly as boolean;
  assert.deepEqual(exp.map(weekly), [false, true, true, true, true, false, false]);
});

test('BANKNIFTY lists 3 monthlies; lots 65 and 30; strikes 50 and 100 apart, 60 each side of the opening ATM', () => {
  const bank = optionsOf('BANKNIFTY');
  assert.deepEqual(dates(bank).slice(0, 2), [eod('2026-11-23'), eod('2026-12-29')]);
  assert.equal(dates(bank).length, 3);
  for (const [u, lot, step, atm] of [['NIFTY', 65, 50, 26000], ['BANKNIFTY', 30, 100, 58500]] as const) {
    const rs = optionsOf(u);
    assert.ok(rs.every((r) => r.lot_size === lot && r.minimum_lot === lot && (r.freeze_quantity as number) % lot === 0));
    const nearest = rs.filter((r) => r.expiry === dates(rs)[0]);
    const strikes = [...new Set(nearest.map((r) => r.strike_price as number))].sort((a, b) => a - b);
    assert.equal(strikes.length, 121);
    assert.equal(strikes[0], atm - 60 * step);
    assert.equal(strikes[120], atm + 60 * step);
    assert.ok(strikes.every((k, i) => i === 0 || k - strikes[i - 1]! === step));
    assert.equal(nearest.length, 242, 'a CE and a PE at each strike');
  }
});

test('option records carry every Upstox field with the right types and formats', () => {
  const keys = new Set<string>();
  for (const r of records.filter((x) => x.segment === 'NSE_FO')) {
    assert.deepEqual(Object.keys(r).sort(), ['exchange', 'exchange_token', 'expiry', 'freeze_quantity', 'instrument_key', 'instrument_type', 'lot_size', 'minimum_lot',
      'name', 'segment', 'strike_price', 'tick_size', 'trading_symbol', 'underlying_key', 'underlying_symbol', 'underlying_type', 'weekly']);
    assert.match(r.exchange_token as string, /^\d+$/);
    assert.equal(r.instrument_key, `NSE_FO|${r.exchange_token as string}`);
    assert.equal(r.tick_size, 5);
    assert.equal(r.underlying_type, 'INDEX');
    assert.equal(r.exchange, 'NSE');
    assert.ok(r.instrument_type === 'CE' || r.instrument_type === 'PE');
    assert.equal(r.underlying_key, r.underlying_symbol === 'NIFTY' ? 'NSE_INDEX|Nifty 50' : 'NSE_INDEX|Nifty Bank');
    assert.equal(r.name, r.underlying_symbol);
    keys.add(r.instrument_key);
  }
  assert.equal(keys.size, records.length - 2, 'instrument keys are unique');
  const sample = records.find((r) => r.trading_symbol === 'NIFTY 26000 CE 23 NOV 26');
  assert.ok(sample, 'trading symbol format <symbol> <strike> <CE|PE> <dd MMM yy>');
  assert.equal(sample.expiry, eod('2026-11-23'));
});
