// A click on an alert (toast, Web Notification, or the desktop notification via the host's
// 'alert.focus' push) brings its contract on screen: the Alerts tab with the entry, and the
// chain switched to the option's underlying and expiry with its strike scrolled to and
// highlighted — or its chart when it is an underlying, or a strike the chain does not show.
import type { AlertLogEntry, ContractRef } from '../../../shared/alerts.ts';

export interface ShowContractDeps {
  contract(symbol: string): Promise<ContractRef>;
  /** Switches the chain and highlights the strike; false when the chain does not list it. */
  showInChain(underlying: string, expiry: string, strike: number): Promise<boolean>;
  openChart(symbol: string): void;
  openAlerts(entry: AlertLogEntry): void;
}

/** What was shown: the chain row, the chart, or nothing (the contract is unknown now). */
export async function showAlertContract(entry: AlertLogEntry, deps: ShowContractDeps): Promise<'chain' | 'chart' | 'none'> {
  deps.openAlerts(entry);
  let c: ContractRef;
  try {
    c = await deps.contract(entry.symbol);
  } catch (err) {
    console.warn(`optick: cannot show ${entry.symbol}`, err);
    return 'none';
  }
  if (c.expiry !== null && c.strike !== null && (await deps.showInChain(c.underlying, c.expiry, c.strike))) return 'chain';
  deps.openChart(c.symbol);
  return 'chart';
}
