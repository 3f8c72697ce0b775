// Child process of crash.test.ts: writes ticks as fast as the store takes them (cumulative volume =
// sequence number) and prints each acknowledged (committed) sequence, until it is killed.
import { openTickStore } from '../../src/main/engine/store/tick-store.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer.ts <db file>');
const store = await openTickStore({ file, batchMs: 50, batchRows: 2000, maxQueue: 20_000, log: () => {} });
let appended = 0;
let acked = 0;
store.onCommitted((_batch, rows) => {
  acked += rows;
  process.stdout.write(`ack ${acked} appended ${appended}\n`);
});
const t0 = Date.parse('2026-11-20T09:15:00+05:30');
for (;;) {
  // Append only what the queue holds, so every appended tick is either committed or in the last batches.
  while (store.stats().pending + store.stats().inFlight < 18_000) {
    appended++;
    store.append({ key: `NSE_FO|${appended % 50}`, exchangeTs: t0 + appended, receiveTs: t0 + appended + 30, ltp: 100 + (appended % 40) * 0.05, ltq: 75, volume: appended, oi: 5000, bids: [{ price: 99.9, qty: 900 }], asks: [{ price: 100.2, qty: 450 }] });
  }
  await new Promise((r) => setTimeout(r, 1));
}
