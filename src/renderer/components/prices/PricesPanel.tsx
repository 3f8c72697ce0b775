// Prices tab: symbols with no option chain (perpetuals of the JSON stream): the latest price,
// change against the 24 h close, best bid/ask with sizes, day volume, OI, and the last trades,
// asked from the engine (market.price) twice a second while shown; "Chart" opens its candles.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { PriceView } from '../../../shared/market.ts';
import type { Transport } from '../../api/transport.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { formatClock, formatNumber, formatUnits, headline, priceDigits, tradeRows } from './price-view.ts';
import './prices.css';

const POLL_MS = 500;

interface Props { api: Transport; screen: ScreenStore; onChart: (symbol: string) => void }

export function PricesPanel({ api, screen, onChart }: Props) {
  const underlyings = useStore(screen, (s) => s.underlyings);
  const plain = useMemo(() => underlyings.filter((u) => u.chain === false), [underlyings]);
  const [symbol, setSymbol] = useState<string | null>(null);
  const [view, setView] = useState<PriceView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = symbol ?? plain[0]?.name ?? null;
  const info = plain.find((u) => u.name === shown);

  useEffect(() => {
    if (!shown) return;
    let live = true;
    const load = () => api.call('market.price', { symbol: shown }).then(
      (v) => { if (live) { setView(v); setError(null); } },
      (err: Error) => { if (live) setError(err.message); },
    );
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => { live = false; clearInterval(timer); };
  }, [api, shown]);

  if (plain.length === 0) return <div className="prices-empty">No symbol without an option chain is streamed (start with <code>--feed json</code>).</div>;
  const lot = info?.lotSize ?? 1;
  const zone = view?.time_zone ?? info?.timeZone ?? 'UTC';
  const h = view ? headline(view) : null;
  const d = priceDigits(view?.ltp ?? null);
  return (
    <div className="prices" data-testid="prices-panel">
      <div className="prices-bar">
        <select data-testid="prices-symbol" value={shown ?? ''} onChange={(e) => setSymbol(e.target.value)}>
          {plain.map((u) => <option key={u.name} value={u.name}>{u.name}</option>)}
        </select>
        {h && <span className="prices-ltp" data-testid="prices-ltp">{h.ltp}</span>}
        {h && <span className={h.up === null ? 'prices-chg' : h.up ? 'prices-chg up' : 'prices-chg down'}>{h.change} {h.pct}</span>}
        {shown && <button type="button" className="calc-action" data-testid="prices-chart" onClick={() => onChart(shown)}>Chart {shown}</button>}
        {error && <span className="prices-error">{error}</span>}
      </div>
      {view && (
        <div className="prices-body">
          <table className="prices-quote">
            <tbody>
              <tr><th>Bid</th><td data-testid="prices-bid">{formatNumber(view.bid, d)}</td><td>{formatUnits(view.bid_qty, lot)}</td></tr>
              <tr><th>Ask</th><td data-testid="prices-ask">{formatNumber(view.ask, d)}</td><td>{formatUnits(view.ask_qty, lot)}</td></tr>
              <tr><th>Volume</th><td colSpan={2}>{formatUnits(view.volume, lot)} <small>since 00:00 {zone}</small></td></tr>
              <tr><th>OI</th><td colSpan={2}>{formatUnits(view.oi, lot)}</td></tr>
              <tr><th>Updated</th><td colSpan={2}>{formatClock(view.last_update, zone)} {zone}</td></tr>
            </tbody>
          </table>
          <table className="prices-trades" data-testid="prices-trades">
            <thead><tr><th>Time ({zone})</th><th>Price</th><th>Qty</th></tr></thead>
            <tbody>
              {tradeRows(view.trades, lot, zone).map((r, i) => (
                <tr key={i} className={r.tick}><td>{r.time}</td><td>{r.price}</td><td>{r.qty}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
