// A real ticks.db with a trading day of a whole NIFTY option book in it (index + `options`
// contracts over three expiries), written through the store's own writer worker: what exports,
// fault tests and the store fault bench read.
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';

export const DAY_OPEN = Date.parse('2026-11-20T09:15:00+05:30');
export const DAY_CLOSE = Date.parse('2026-11-20T15:30:00+05:30');
export const EXPIRIES = ['2026-11-24', '2026-12-01', '2026-12-29'];

export interface PopulateOptions {
  options?: number;
  ticks?: number;
}

/** Fills `file`; resolves with the number of ticks committed. */
export async function populateStore(file: string, opts: PopulateOptions = {}): Promise<number> {
  const options = opts.options ?? 600;
  const ticks = opts.ticks ?? 300_000;
  const store = await openTickStore({ file, batchRows: 5000, log: () => {} });
  const index = 'NSE_INDEX|Nifty 50';
  store.registerInstrument({ key: index, symbol: 'NIFTY', underlying: 'NIFTY' });
  const keys: string[] = [index];
  for (let i = 0; i < options; i++) {
    const expiry = EXPIRIES[i % EXPIRIES.length]!;
    const strike = 24000 + 50 * Math.floor(i / 6);
    const side = i % 2 === 0 ? 'CE' : 'PE';
    const key = `NSE_FO|${50000 + i}`;
    store.registerInstrument({ key, symbol: `NIFTY${expiry}${strike}${side}`, underlying: 'NIFTY', expiry, strike, side });
    keys.push(key);
  }
  const price = keys.map((_, i) => (i === 0 ? 2500000 : 5000 + i * 10));
  const volume = keys.map(() => 0);
  const span = DAY_CLOSE - DAY_OPEN;
  for (let k = 0; k < ticks; k++) {
    const i = k % keys.length;
    price[i] = Math.max(5, price[i]! + ((k * 7919) % 9) - 4);
    volume[i]! += 75;
    const ts = DAY_OPEN + Math.floor((k * span) / ticks);
    const p = price[i]! / 100;
    store.append({ key: keys[i]!, exchangeTs: ts, receiveTs: ts + 25, ltp: p, ltq: 75, volume: volume[i], oi: 100_000 + i, bids: [{ price: p - 0.05, qty: 150 }], asks: [{ price: p + 0.05, qty: 225 }] });
    if (k % 50_000 === 49_999) await store.flush();
  }
  await store.close();
  return store.stats().written;
}
