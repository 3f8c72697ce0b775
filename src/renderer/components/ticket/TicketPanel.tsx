// The order ticket (analysis only — no order is sent): a contract (the chain's ATM call, or the
// option clicked in the chain while this tab is on show), a side and lots → the average fill
// walking the visible depth, slippage vs mid, fillable share, liquidity score, a suggested
// limit and the depth ladder, refreshed every second; "Paper buy/sell" opens a paper position.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { OptickApi } from '../../../shared/api.ts';
import type { TicketSide, TicketView } from '../../../shared/ticket.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { formatPrice, formatQty } from '../../format.ts';
import type { OptionPickStore } from '../calculator/option-pick.ts';
import { fieldError } from '../alerts/form-errors.ts';
import '../alerts/alerts.css';
import './ticket.css';

const REFRESH_MS = 1000;
const num = (v: number | null | undefined, d = 2) => (v == null ? '—' : v.toFixed(d));
/** 30 levels when the feed streams them (Upstox full_d30), else what the feed gives (5 in Upstox full / OpenAlgo, 1 from Massive). */
const DEEP_LEVELS = 30;
const depthCaption = (levels: number): string => (levels >= DEEP_LEVELS ? `${levels} levels` : levels === 0 ? 'no levels (feed)' : `${levels} level${levels === 1 ? '' : 's'} (feed)`);

interface Props { api: OptickApi; screen: ScreenStore; picks: OptionPickStore }

export function TicketPanel({ api, screen, picks }: Props) {
  const [symbol, setSymbol] = useState('');
  const [side, setSide] = useState<TicketSide>('buy');
  const [lots, setLots] = useState('1');
  const [view, setView] = useState<TicketView | null>(null);
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [filled, setFilled] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const chainShown = useStore(screen, (s) => (s.underlying && s.expiry ? `${s.underlying}|${s.expiry}` : null));

  // Start from the shown chain's ATM call; a click in the chain while the ticket is on show picks that option.
  useEffect(() => {
    const [underlying, expiry] = chainShown?.split('|') ?? [];
    if (!underlying || !expiry || symbol) return;
    void api.call('chain.get', { underlying, expiry }).then((m) => {
      const atm = m.options.find((r) => r.tag === 'ATM')?.ce_data?.symbol;
      if (atm) setSymbol((s) => s || atm);
    }, () => {});
  }, [api, chainShown, symbol]);
  useEffect(() => picks.subscribe((now, before) => { if (now.seq !== before.seq && now.fill && now.symbol) setSymbol(now.symbol); }), [picks]);

  const request = useCallback(() => ({ symbol: symbol.trim(), side, lots: lots.trim() === '' ? Number.NaN : Number(lots) }), [symbol, side, lots]);
  const refresh = useCallback(async () => {
    if (!symbol.trim()) return;
    try {
      setView(await api.call('ticket.quote', request()));
      setError(null);
    } catch (err) {
      setView(null);
      setError(fieldError(err));
    }
  }, [api, request, symbol]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => { if (root.current?.offsetParent) void refresh(); }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  useEffect(() => () => { void api.call('ticket.close', {}).catch(() => {}); }, [api]);

  const paper = async () => {
    try {
      const fill = await api.call('ticket.paper', request());
      setFilled(`Paper ${fill.ticket.side} ${fill.ticket.lots} lots of ${fill.ticket.symbol} at ${formatPrice(fill.price)}: position opened (marked paper)`);
      setError(null);
    } catch (err) {
      setFilled(null);
      setError(fieldError(err));
    }
  };
  const v = view;
  const ladder = v ? Array.from({ length: Math.max(v.bids.length, v.asks.length) }, (_x, i) => ({ bid: v.bids[i], ask: v.asks[i] })) : [];
  return (
    <div className="alerts-panel ticket" data-testid="ticket-panel" ref={root}>
      <div className="ticket-banner">Analysis only — no order is sent to a broker.</div>
      <form className="alerts-form" onSubmit={(e) => { e.preventDefault(); void refresh(); }}>
        <label className="alerts-field wide"><span>Contract</span>
          <input data-testid="ticket-symbol" className={error?.field === 'symbol' ? 'invalid' : ''} value={symbol} onChange={(e) => setSymbol(e.target.value)} placeholder="option symbol, or click one in the chain" />
        </label>
        <label className="alerts-field"><span>Side</span>
          <select data-testid="ticket-side" value={side} onChange={(e) => setSide(e.target.value as TicketSide)}>
            <option value="buy">buy</option><option value="sell">sell</option>
          </select>
        </label>
        <label className="alerts-field"><span>Lots</span>
          <input data-testid="ticket-lots" className={error?.field === 'lots' ? 'invalid short' : 'short'} value={lots} onChange={(e) => setLots(e.target.value)} inputMode="numeric" />
        </label>
        <div className="alerts-form-actions">
          <button type="button" data-testid="ticket-paper" disabled={!v || v.vwap === null} onClick={() => void paper()}>Paper {side}</button>
        </div>
        {error && <div className="alerts-field-error wide" data-testid="ticket-error" data-field={error.field}>{error.message}</div>}
      </form>
      {filled && <div className="alerts-ok" data-testid="ticket-filled">{filled}</div>}
      {v && (
        <div className="alerts-scroll ticket-body">
          {v.reason && <div className="alerts-error" data-testid="ticket-reason">{v.reason}</div>}
          <dl className="ticket-figures">
            <dt>Quantity</dt><dd data-testid="ticket-qty">{formatQty(v.qty)} ({v.lots} × {v.lot_size}){v.freeze_qty !== null ? ` · freeze ${formatQty(v.freeze_qty)}` : ''}</dd>
            <dt>Mid · spread</dt><dd data-testid="ticket-mid">{num(v.mid, 3)} · {num(v.spread)} ({num(v.spread_ticks, 0)} ticks)</dd>
            <dt>VWAP</dt><dd data-testid="ticket-vwap">{num(v.vwap, 4)}</dd>
            <dt>Slippage vs mid</dt><dd data-testid="ticket-slippage">{v.slippage ? `₹${num(v.slippage.inr_per_unit, 4)}/unit · ₹${num(v.slippage.inr_total)} · ${num(v.slippage.ticks)} ticks · ${num(v.slippage.bps)} bps` : '—'}</dd>
            <dt>Fillable</dt><dd data-testid="ticket-fillable">{num(v.fillable_share * 100, 1)} % ({formatQty(v.filled_qty)} of {formatQty(v.qty)})</dd>
            <dt>Liquidity</dt><dd data-testid="ticket-liquidity">{v.liquidity.score} / 100</dd>
            <dt>Suggested limit</dt><dd data-testid="ticket-limit">{num(v.suggested_limit)}</dd>
          </dl>
          <table className="alerts-table ticket-ladder" data-testid="ticket-ladder">
            <caption data-testid="ticket-depth-levels">{depthCaption(v.depth_levels)}</caption>
            <thead><tr><th className="num">Bid qty</th><th className="num">Bid</th><th className="num">Ask</th><th className="num">Ask qty</th></tr></thead>
            <tbody>
              {ladder.map((l, i) => (
                <tr key={i}>
                  <td className="num" data-testid="bid-qty">{l.bid ? l.bid.qty : ''}</td><td className="num up" data-testid="bid-price">{l.bid ? l.bid.price.toFixed(2) : ''}</td>
                  <td className="num down" data-testid="ask-price">{l.ask ? l.ask.price.toFixed(2) : ''}</td><td className="num" data-testid="ask-qty">{l.ask ? l.ask.qty : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
