// Child process of bench/faults-store.ts: appends ticks at a peak feed rate (PEAK_TICKS_PER_S,
// default 20,000/s: both NIFTY and BANKNIFTY books in full mode at the open), exchange time = the
// wall clock, and prints "ack <committed> ts <last appended ts>" every 20 ms until it is killed.
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: store-writer.ts <db file>');
const store = await openTickStore({ file, log: () => {} });
let acked = 0;
let lastTs = 0;
store.onCommitted((_b, rows) => { acked += rows; });
setInterval(() => process.stdout.write(`ack ${acked} ts ${lastTs}\n`), 20);
const rate = Number(process.env.PEAK_TICKS_PER_S ?? 20_000);
const started = Date.now();
let seq = 0;
for (;;) {
  const due = Math.floor(((Date.now() - started) * rate) / 1000);
  while (seq < due) {
    seq++;
    lastTs = Date.now();
    const p = 100 + (seq % 40) * 0.05;
    store.append({ key: `NSE_FO|${60000 + (seq % 200)}`, exchangeTs: lastTs, receiveTs: lastTs + 3, ltp: p, ltq: 75, volume: seq * 75, oi: 5000, bids: [{ price: p - 0.05, qty: 900 }], asks: [{ price: p + 0.05, qty: 450 }] });
  }
  await new Promise((r) => setTimeout(r, 1));
}
