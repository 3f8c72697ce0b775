// The position form: symbol (searched in the instrument master), side, lots, entry, and the
// optional stop-loss / target (price, points or % from entry) and trailing stop. A field the
// engine refuses shows its message at that field; nothing is saved.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { ExitKind, PositionInput, PositionView } from '../../../shared/alerts.ts';
import type { AlertsModel } from './alerts-store.ts';
import { fieldError } from './form-errors.ts';

interface Draft {
  symbol: string; side: 'long' | 'short'; lots: string; entry: string; note: string;
  slKind: ExitKind; sl: string; targetKind: ExitKind; target: string; trailKind: 'points' | 'percent'; trail: string;
}

const EMPTY: Draft = { symbol: '', side: 'long', lots: '1', entry: '', note: '', slKind: 'price', sl: '', targetKind: 'price', target: '', trailKind: 'points', trail: '' };

function fromPosition(p: PositionView): Draft {
  return {
    symbol: p.symbol, side: p.side, lots: String(p.lots), entry: String(p.entry_price), note: p.note,
    slKind: p.stop_loss?.kind ?? 'price', sl: p.stop_loss ? String(p.stop_loss.value) : '',
    targetKind: p.target?.kind ?? 'price', target: p.target ? String(p.target.value) : '',
    trailKind: p.trailing_stop?.kind ?? 'points', trail: p.trailing_stop ? String(p.trailing_stop.value) : '',
  };
}

/** The request: text fields that are not numbers are sent as typed, so the engine names the field. */
function toInput(d: Draft): PositionInput {
  const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));
  const raw = (s: string): number => (Number.isFinite(num(s)) ? num(s) : (s as unknown as number));
  return {
    symbol: d.symbol.trim(), side: d.side, lots: raw(d.lots), entry_price: raw(d.entry), note: d.note,
    stop_loss: d.sl.trim() ? { kind: d.slKind, value: raw(d.sl) } : null,
    target: d.target.trim() ? { kind: d.targetKind, value: raw(d.target) } : null,
    trailing_stop: d.trail.trim() ? { kind: d.trailKind, value: raw(d.trail) } : null,
  };
}

export function PositionForm({ model, editing, onDone }: { model: AlertsModel; editing: PositionView | null; onDone: () => void }) {
  const draft = useStore(model.store, (s) => s.draft);
  const [d, setD] = useState<Draft>(() => (editing ? fromPosition(editing) : EMPTY));
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const [matches, setMatches] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (editing) setD(fromPosition(editing)); }, [editing]);
  useEffect(() => {
    if (!draft) return;
    setD({ ...EMPTY, symbol: draft.symbol, entry: draft.entry_price === null ? '' : String(draft.entry_price) });
    setError(null);
  }, [draft]);
  useEffect(() => {
    const q = d.symbol.trim();
    if (q.length < 2) { setMatches([]); return; }
    let live = true;
    model.call('alerts.symbols', { query: q, limit: 30 }).then((m) => { if (live) setMatches(m); }, () => {});
    return () => { live = false; };
  }, [d.symbol, model]);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const input = toInput(d);
      if (editing) await model.call('positions.update', { ...input, id: editing.id });
      else await model.call('positions.add', input);
      setError(null);
      setD(EMPTY);
      await model.refresh(false);
      onDone();
    } catch (err) {
      setError(fieldError(err));
    } finally {
      setBusy(false);
    }
  };
  const bad = (field: string) => (error?.field === field ? 'invalid' : '');
  const errAt = (field: string) => (error?.field === field ? <span className="alerts-field-error" data-testid={`position-error-${field}`}>{error.message}</span> : null);
  const exit = (label: string, field: 'sl' | 'target', kindField: 'slKind' | 'targetKind', name: string) => (
    <label className="alerts-field">
      <span>{label}</span>
      <span className="alerts-pair">
        <input data-testid={`position-${name}`} className={bad(name)} value={d[field]} placeholder="—" onChange={(e) => set({ [field]: e.target.value })} />
        <select data-testid={`position-${name}-kind`} value={d[kindField]} onChange={(e) => set({ [kindField]: e.target.value as ExitKind })}>
          <option value="price">price</option><option value="points">points</option><option value="percent">% of entry</option>
        </select>
      </span>
      {errAt(name)}
    </label>
  );
  return (
    <form className="alerts-form" data-testid="position-form" onSubmit={submit}>
      <label className="alerts-field wide">
        <span>Contract</span>
        <input data-testid="position-symbol" className={bad('symbol')} list="position-symbols" value={d.symbol} placeholder="NIFTY… option symbol or underlying" onChange={(e) => set({ symbol: e.target.value })} autoComplete="off" />
        <datalist id="position-symbols">{matches.map((m) => <option key={m} value={m} />)}</datalist>
        {errAt('symbol')}
      </label>
      <label className="alerts-field">
        <span>Side</span>
        <select data-testid="position-side" value={d.side} onChange={(e) => set({ side: e.target.value as 'long' | 'short' })}>
          <option value="long">long</option><option value="short">short</option>
        </select>
      </label>
      <label className="alerts-field">
        <span>Lots</span>
        <input data-testid="position-lots" className={bad('lots')} value={d.lots} onChange={(e) => set({ lots: e.target.value })} />
        {errAt('lots')}
      </label>
      <label className="alerts-field">
        <span>Entry price</span>
        <input data-testid="position-entry" className={bad('entry_price')} value={d.entry} onChange={(e) => set({ entry: e.target.value })} />
        {errAt('entry_price')}
      </label>
      {exit('Stop-loss', 'sl', 'slKind', 'stop_loss')}
      {exit('Target', 'target', 'targetKind', 'target')}
      <label className="alerts-field">
        <span>Trailing stop</span>
        <span className="alerts-pair">
          <input data-testid="position-trailing_stop" className={bad('trailing_stop')} value={d.trail} placeholder="—" onChange={(e) => set({ trail: e.target.value })} />
          <select value={d.trailKind} onChange={(e) => set({ trailKind: e.target.value as 'points' | 'percent' })}>
            <option value="points">points</option><option value="percent">%</option>
          </select>
        </span>
        {errAt('trailing_stop')}
      </label>
      <label className="alerts-field wide">
        <span>Note</span>
        <input value={d.note} onChange={(e) => set({ note: e.target.value })} />
      </label>
      {error && !['symbol', 'lots', 'entry_price', 'stop_loss', 'target', 'trailing_stop'].includes(error.field) && <div className="alerts-error">{error.message}</div>}
      <div className="alerts-form-actions">
        <button type="submit" className="calc-action" data-testid="position-save" disabled={busy}>{editing ? 'Save position' : 'Add position'}</button>
        {editing && <button type="button" className="calc-action" onClick={onDone}>Cancel</button>}
      </div>
    </form>
  );
}
