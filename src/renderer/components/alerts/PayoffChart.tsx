// The payoff of the book (or the selected positions) on a canvas: P&L at expiry and today
// against the underlying, zero line, spot, breakevens marked; max profit / loss in words.
import { useEffect, useRef, useState } from 'react';
import type { PayoffResult } from '../../../shared/alerts.ts';
import { fieldError } from './form-errors.ts';
import { formatPrice, formatStrike } from '../../format.ts';
import type { AlertsModel } from './alerts-store.ts';

const COLORS = { expiry: '#4c8dff', today: '#f5a524', zero: '#3a4656', spot: '#9aa7b6', be: '#26c281', text: '#7d8a9a' };

export function drawPayoff(canvas: HTMLCanvasElement, p: PayoffResult): void {
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth, h = canvas.clientHeight;
  canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
  const ctx = canvas.getContext('2d');
  if (!ctx || p.points.length < 2) return;
  ctx.scale(dpr, dpr);
  ctx.clearRect(0, 0, w, h);
  const pad = { l: 64, r: 12, t: 10, b: 22 };
  const xs = p.points.map((q) => q.price);
  const ys = p.points.flatMap((q) => (q.today === null ? [q.expiry] : [q.expiry, q.today]));
  const x0 = xs[0]!, x1 = xs[xs.length - 1]!;
  let y0 = Math.min(0, ...ys), y1 = Math.max(0, ...ys);
  if (y1 - y0 < 1e-9) { y0 -= 1; y1 += 1; }
  const m = (y1 - y0) * 0.08; y0 -= m; y1 += m;
  const X = (v: number) => pad.l + ((v - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  const Y = (v: number) => pad.t + ((y1 - v) / (y1 - y0)) * (h - pad.t - pad.b);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = COLORS.text;
  for (const v of [y0 + m, 0, y1 - m]) { ctx.fillText(formatPrice(v), 4, Y(v) + 3); }
  for (const v of [x0, (x0 + x1) / 2, x1]) { ctx.fillText(formatStrike(Math.round(v)), Math.min(X(v), w - 40), h - 6); }
  ctx.strokeStyle = COLORS.zero; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(pad.l, Y(0)); ctx.lineTo(w - pad.r, Y(0)); ctx.stroke();
  if (p.spot !== null && p.spot >= x0 && p.spot <= x1) {
    ctx.setLineDash([3, 3]); ctx.strokeStyle = COLORS.spot;
    ctx.beginPath(); ctx.moveTo(X(p.spot), pad.t); ctx.lineTo(X(p.spot), h - pad.b); ctx.stroke(); ctx.setLineDash([]);
  }
  const line = (key: 'expiry' | 'today', color: string) => {
    ctx.strokeStyle = color; ctx.lineWidth = 1.6; ctx.beginPath();
    let started = false;
    for (const q of p.points) {
      const v = q[key];
      if (v === null) continue;
      if (!started) { ctx.moveTo(X(q.price), Y(v)); started = true; } else ctx.lineTo(X(q.price), Y(v));
    }
    ctx.stroke();
  };
  line('today', COLORS.today);
  line('expiry', COLORS.expiry);
  ctx.fillStyle = COLORS.be;
  for (const b of p.breakevens) if (b >= x0 && b <= x1) { ctx.beginPath(); ctx.arc(X(b), Y(0), 3.5, 0, Math.PI * 2); ctx.fill(); }
}

export function PayoffChart({ model, ids }: { model: AlertsModel; ids: string[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [payoff, setPayoff] = useState<PayoffResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [underlying, setUnderlying] = useState<string | null>(null);
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    const load = () => model.call('positions.payoff', { ...(ids.length && { ids }), ...(underlying && { underlying }) }).then(
      (p) => { if (live) { setPayoff(p); setError(null); } },
      (err: Error) => {
        if (!live) return;
        // The chosen underlying left the selection: back to the first one.
        if (underlying && fieldError(err).field === 'underlying') { setUnderlying(null); return; }
        setPayoff(null);
        setError(err.message);
      },
    );
    void load();
    const t = setInterval(load, 2000);
    return () => { live = false; clearInterval(t); };
  }, [key, model, underlying]);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !payoff) return;
    drawPayoff(c, payoff);
    const ro = new ResizeObserver(() => drawPayoff(c, payoff));
    ro.observe(c);
    return () => ro.disconnect();
  }, [payoff]);
  const money = (v: number | null) => (v === null ? 'unlimited' : `₹${formatPrice(v)}`);
  return (
    <div className="payoff" data-testid="payoff">
      <div className="payoff-legend">
        {payoff && payoff.underlyings.length > 1 && (
          <select data-testid="payoff-underlying" value={payoff.underlying} onChange={(e) => setUnderlying(e.target.value)}>
            {payoff.underlyings.map((u) => <option key={u} value={u}>{u}</option>)}
          </select>
        )}
        <span><i style={{ background: COLORS.expiry }} /> at {payoff?.sampled ? `the nearest expiry${payoff.expiry ? ` ${payoff.expiry}` : ''} (later legs at Black-76 with the time they have left)` : `expiry${payoff?.expiry ? ` ${payoff.expiry}` : ''}`}</span>
        <span><i style={{ background: COLORS.today }} /> today (Black-76 at each leg's IV)</span>
        {payoff && <span data-testid="payoff-breakevens">breakevens {payoff.breakevens.length ? payoff.breakevens.map((b) => formatPrice(b)).join(', ') : 'none'}</span>}
        {payoff && <span data-testid="payoff-max">max profit {money(payoff.max_profit)} · max loss {money(payoff.max_loss)}{payoff.sampled ? ' (over the drawn range)' : ''}</span>}
        {payoff && payoff.no_iv.length > 0 && <span className="muted">no IV yet: {payoff.no_iv.join(', ')} (intrinsic)</span>}
      </div>
      {error ? <div className="alerts-empty">{error}</div> : <canvas ref={canvas} className="payoff-canvas" data-testid="payoff-canvas" />}
    </div>
  );
}
