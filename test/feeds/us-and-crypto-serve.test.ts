// Integration: one running Optick (runtime + server host, as `optick serve --feed sim,massive,json`)
// on the simulators with no account: the NIFTY chain (Upstox protocol), the SPY chain (Massive:
// OCC symbols, lot 100, 16:00 New York expiry, FMV beside our model value, IV from the parity
// forward) and BTC-PERP candles (JSON stream) all fill at once; 1-minute and 1-day bars of the 24×7
// market start at UTC midnight boundaries.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OptionChainModel } from '../../src/shared/chain.ts';
import type { Candle } from '../../src/shared/history.ts';
import type { PriceView } from '../../src/shared/market.ts';
import { zonedEpochMs } from '../../src/main/engine/time/zoned.ts';
import { startTestHost, type TestHost } from '../helpers/test-host.ts';

const until = async <T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 45_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

describe('serve --feed sim,massive,json on the simulators', () => {
  let t: TestHost;
  before(async () => {
    t = await startTestHost('us-crypto-token-123456', {
      feed: [{ kind: 'sim', seed: 7, rate: 800, underlyings: ['NIFTY'] }, { kind: 'massive', seed: 7, underlyings: ['SPY'] }, { kind: 'json', seed: 7, underlyings: ['BTC-PERP'] }],
      underlyings: ['NIFTY'],
    });
  });
  after(async () => { await t?.close(); });

  it('lists NSE, US and crypto underlyings with their own lots and clocks', async () => {
    const u = await t.json<{ name: string; exchange: string; lotSize: number; timeZone: string; chain?: boolean }[]>('/api/underlyings');
    const by = Object.fromEntries(u.map((x) => [x.name, x]));
    assert.deepEqual([by.NIFTY?.exchange, by.SPY?.exchange, by['BTC-PERP']?.exchange], ['NSE', 'US', 'CRYPTO']);
    assert.equal(by.SPY!.lotSize, 100);
    assert.equal(by.SPY!.timeZone, 'America/New_York');
    assert.equal(by['BTC-PERP']!.chain, false);
  });

  it('the SPY chain fills with quotes, OI, IV and Greeks; FMV beside our model value; 16:00 New York expiry', async () => {
    const chain = await until('a priced SPY chain', () => t.json<OptionChainModel>('/api/option-chain/SPY'), (c) => {
      const atm = c.options.find((r) => r.tag === 'ATM');
      return c.forward !== null && c.underlying_ltp !== null && !!atm?.ce_data?.iv && atm.ce_data.broker_fmv !== null && atm.ce_data.oi !== null;
    });
    assert.equal(chain.lot_size, 100);
    assert.equal(chain.forward_source, 'parity');
    assert.equal(chain.rate, 0.04);
    const atm = chain.options.find((r) => r.tag === 'ATM')!;
    assert.match(atm.ce_data!.symbol, /^SPY\d{6}C\d{8}$/);
    assert.match(atm.ce_data!.instrument_key, /^O:SPY\d{6}C\d{8}$/);
    // Years to expiry run to 16:00 New York on expiry day.
    const expiryMs = zonedEpochMs(chain.expiry, '16:00', 'America/New_York');
    const years = (expiryMs - chain.timestamp!) / (365 * 86_400_000);
    assert.ok(Math.abs(chain.time_to_expiry! - years) < 30 / (365 * 86_400), `T ${chain.time_to_expiry} vs ${years}`);
    // The simulator's FMV is its fair value; our model value at our IV lands near it.
    const c = atm.ce_data!;
    assert.ok(c.model_value !== null && Math.abs(c.model_value - c.broker_fmv!) < 0.5, `model ${c.model_value} fmv ${c.broker_fmv}`);
  });

  it('the NIFTY chain (Upstox protocol) fills in the same session', async () => {
    const chain = await until('a priced NIFTY chain', () => t.json<OptionChainModel>('/api/option-chain/NIFTY'), (c) => c.forward !== null && c.options.some((r) => r.ce_data?.iv));
    assert.equal(chain.rate, 0.065);
  });

  it('BTC-PERP: trades, book and candles from 1s up, aligned to UTC midnight', async () => {
    const price = await until('BTC-PERP trades', () => t.json<PriceView>('/api/price/BTC-PERP'), (p) => p.trades.length >= 5 && p.bid !== null && p.ask !== null);
    assert.equal(price.exchange, 'CRYPTO');
    assert.ok(price.bid! < price.ask!);
    const day = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
    const q = (interval: string) => `/api/candles?symbol=BTC-PERP&interval=${interval}&from=${day}&to=${Date.now() + 60_000}`;
    const secs = await until('1s candles', () => t.json<Candle[]>(q('1s')), (c) => c.length >= 3);
    assert.ok(secs.every((b) => b.time % 1000 === 0 && b.high >= b.low && b.volume >= 0));
    const minute = await t.json<Candle[]>(q('1m'));
    assert.ok(minute.length >= 1 && minute.every((b) => b.time % 60_000 === 0));
    const daily = await until('a 1d bar', () => t.json<Candle[]>(q('1d')), (c) => c.length >= 1);
    assert.equal(daily.at(-1)!.time, day, 'the day bar starts at 00:00 UTC');
  });
});
