// The Electron notification adapter with a fake Electron surface: text names the contract,
// level and price; a click shows the window on that contract; no support → one warning.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlertLogEntry, AlertRule } from '../../src/shared/alerts.ts';
import { electronNotifier, type NotificationLike } from '../../src/main/host/electron-notify.ts';

const entry: AlertLogEntry = {
  id: 7, rule_id: 'r_1', symbol: 'NIFTY31DEC2624000CE', instrument_key: 'NSE_FO|1', field: 'ltp', op: 'above', kind: 'target',
  time: 1, price: 121.2, level: 121, pnl: 416, position_id: 'p_1', message: 'NIFTY31DEC2624000CE LTP crossed above 121 at 121.2 — target of long 2 lots from 118',
};

function fakeElectron(supported = true) {
  const shown: { options: { title: string; body: string }; click: (() => void) | null }[] = [];
  class FakeNotification implements NotificationLike {
    static isSupported() { return supported; }
    readonly rec: (typeof shown)[number];
    constructor(options: { title: string; body: string }) { this.rec = { options, click: null }; }
    on(_e: 'click', l: () => void) { this.rec.click = l; return this; }
    show() { shown.push(this.rec); }
  }
  return { FakeNotification, shown };
}

describe('electron notifications', () => {
  it('names the contract, the level and the price; a click shows the window on that contract', () => {
    const { FakeNotification, shown } = fakeElectron();
    const opened: AlertLogEntry[] = [];
    const n = electronNotifier(FakeNotification, { showContract: (e) => opened.push(e) }, () => {});
    n.notify(entry, {} as AlertRule);
    assert.equal(shown.length, 1);
    assert.equal(shown[0]!.options.title, 'NIFTY31DEC2624000CE target hit');
    assert.match(shown[0]!.options.body, /above 121 at 121\.2/);
    shown[0]!.click!();
    assert.deepEqual(opened, [entry]);
  });

  it('without notification support: nothing shown, one warning', () => {
    const { FakeNotification, shown } = fakeElectron(false);
    const logs: string[] = [];
    const n = electronNotifier(FakeNotification, { showContract: () => {} }, (_l, m) => logs.push(m));
    n.notify(entry, {} as AlertRule);
    n.notify(entry, {} as AlertRule);
    assert.equal(shown.length, 0);
    assert.equal(logs.length, 1);
  });
});
