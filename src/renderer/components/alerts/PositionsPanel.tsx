// Positions: the book with live LTP, P&L (₹ and points), day's change and Greeks per position,
// totals and net Greeks, a payoff of the book or the ticked positions, the position form
// (also opened from a chain cell), and CSV import with per-line errors.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { CsvImportResult, PositionView } from '../../../shared/alerts.ts';
import { formatChange, formatGreek, formatIv, formatPrice, formatQty } from '../../format.ts';
import type { AlertsModel } from './alerts-store.ts';
import { PayoffChart } from './PayoffChart.tsx';
import { PositionForm } from './PositionForm.tsx';
import './alerts.css';

const signClass = (v: number | null) => (v === null ? '' : v > 0 ? 'up' : v < 0 ? 'down' : '');
const exitText = (p: PositionView) => [
  p.stop_loss && `SL ${p.stop_loss.value}${p.stop_loss.kind === 'points' ? ' pts' : p.stop_loss.kind === 'percent' ? ' %' : ''}`,
  p.target && `T ${p.target.value}${p.target.kind === 'points' ? ' pts' : p.target.kind === 'percent' ? ' %' : ''}`,
  p.trailing_stop && `trail ${p.trailing_stop.value}${p.trailing_stop.kind === 'percent' ? ' %' : ' pts'}`,
].filter(Boolean).join(' · ');

export function PositionsPanel({ model }: { model: AlertsModel }) {
  useEffect(() => model.use(), [model]);
  const positions = useStore(model.store, (s) => s.positions);
  const totals = useStore(model.store, (s) => s.totals);
  const error = useStore(model.store, (s) => s.error);
  const draft = useStore(model.store, (s) => s.draft);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<PositionView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [imported, setImported] = useState<CsvImportResult | null>(null);
  useEffect(() => { if (draft) { setEditing(null); setFormOpen(true); } }, [draft]);
  const ids = positions.filter((p) => selected.has(p.id)).map((p) => p.id);
  const underlyings = new Set(positions.filter((p) => !ids.length || selected.has(p.id)).map((p) => p.symbol.match(/^[A-Z]+?(?=\d|$)/)?.[0] ?? p.symbol));
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const remove = async (p: PositionView) => {
    if (!window.confirm(`Remove ${p.side} ${p.lots} × ${p.symbol} and its stop-loss/target rules?`)) return;
    await model.call('positions.remove', { id: p.id }).catch((err: Error) => model.store.setState({ error: err.message }));
    await model.refresh(false);
  };
  const importFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      setImported(await model.call('positions.import_csv', { csv: await file.text() }));
      await model.refresh(false);
    } catch (err) {
      setImported({ imported: 0, errors: [{ line: 0, message: (err as Error).message }] });
    }
  };
  return (
    <div className="alerts-panel" data-testid="positions-panel">
      <div className="calc-bar">
        <button type="button" className="calc-action" data-testid="position-new" onClick={() => { setEditing(null); setFormOpen(!formOpen); }}>{formOpen && !editing ? 'Close form' : 'Add position…'}</button>
        <label className="calc-action file">
          Import CSV…
          <input type="file" accept=".csv,text/csv" data-testid="position-import" onChange={(e) => { void importFile(e.target.files?.[0]); e.target.value = ''; }} />
        </label>
        <span className="calc-source">Header: symbol,side,lots,entry_price[,note,stop_loss,target]. From the chain: right-click an option, or select it and press P.</span>
      </div>
      {error && <div className="alerts-error" data-testid="positions-error">{error}</div>}
      {imported && (
        <div className={imported.errors.length ? 'alerts-error' : 'alerts-ok'} data-testid="position-import-result">
          {imported.errors.length ? <>Nothing imported: {imported.errors.map((e) => <div key={e.line}>line {e.line}: {e.message}</div>)}</> : `Imported ${imported.imported} positions.`}
          <button type="button" className="icon-button" onClick={() => setImported(null)}>✕</button>
        </div>
      )}
      {formOpen && <PositionForm model={model} editing={editing} onDone={() => { setEditing(null); setFormOpen(false); }} />}
      <div className="alerts-scroll">
        {positions.length === 0 ? <div className="alerts-empty">No positions yet.</div> : (
          <table className="alerts-table" data-testid="positions-table">
            <thead><tr>
              <th title="Include in the payoff" /><th>Contract</th><th>Side</th><th className="num">Lots</th><th className="num">Entry</th><th className="num">LTP</th>
              <th className="num">P&amp;L ₹</th><th className="num">Points</th><th className="num">Day ₹</th><th className="num">IV</th><th className="num">Δ</th><th className="num">Θ ₹/day</th><th className="num">ν ₹/pt</th><th>Exits</th><th />
            </tr></thead>
            <tbody>
              {positions.map((p) => (
                <tr key={p.id} data-testid={`position-row-${p.symbol}`}>
                  <td><input type="checkbox" checked={selected.has(p.id)} onChange={() => toggle(p.id)} /></td>
                  <td title={p.note || undefined}>{p.symbol}{p.paper && <span className="paper-tag" data-testid="position-paper" title="Paper position: no order was sent">PAPER</span>}</td>
                  <td className={p.side === 'long' ? 'up' : 'down'}>{p.side}</td>
                  <td className="num">{formatQty(p.lots)} × {p.lot_size}</td>
                  <td className="num">{formatPrice(p.entry_price)}</td>
                  <td className="num" data-testid="position-ltp">{formatPrice(p.ltp)}</td>
                  <td className={`num ${signClass(p.pnl)}`} data-testid="position-pnl">{formatChange(p.pnl)}</td>
                  <td className={`num ${signClass(p.pnl_points)}`}>{formatChange(p.pnl_points)}</td>
                  <td className={`num ${signClass(p.day_change)}`}>{formatChange(p.day_change)}</td>
                  <td className="num">{formatIv(p.iv)}</td>
                  <td className="num">{formatGreek(p.delta)}</td>
                  <td className="num">{formatPrice(p.theta)}</td>
                  <td className="num">{formatPrice(p.vega)}</td>
                  <td className="muted">{exitText(p)}</td>
                  <td className="actions">
                    <button type="button" className="icon-button" title="Edit (SL, target, lots…)" data-testid={`position-edit-${p.symbol}`} onClick={() => { setEditing(p); setFormOpen(true); }}>✎</button>
                    <button type="button" className="icon-button" title="Remove" onClick={() => void remove(p)}>✕</button>
                  </td>
                </tr>
              ))}
            </tbody>
            {totals && (
              <tfoot><tr data-testid="book-totals">
                <td /><td>Book{totals.missing.length ? ` (${totals.missing.length} without live figures)` : ''}</td><td colSpan={4} />
                <td className={`num ${signClass(totals.pnl)}`} data-testid="book-pnl">{formatChange(totals.pnl)}</td><td />
                <td className={`num ${signClass(totals.day_change)}`}>{formatChange(totals.day_change)}</td><td />
                <td className="num" title="Net delta in units of the underlying">{formatGreek(totals.delta)}</td>
                <td className="num">{formatPrice(totals.theta)}</td><td className="num">{formatPrice(totals.vega)}</td>
                <td className="muted" colSpan={2}>Γ {formatGreek(totals.gamma)}</td>
              </tr></tfoot>
            )}
          </table>
        )}
        {positions.length > 0 && (underlyings.size === 1
          ? <PayoffChart model={model} ids={ids} />
          : <div className="alerts-empty">The payoff is drawn against one underlying: tick the positions of one.</div>)}
      </div>
    </div>
  );
}
