// Alerts: the rules (any instrument: LTP, mid, underlying, IV or a position's P&L crossing a
// level; once or repeating with a cooldown; optionally until the session's close) with their
// live state — armed, fired, stale, feed down — pause/resume, desktop notifications and sound,
// and the alert log with CSV export.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { RuleField, RuleInput, RuleView } from '../../../shared/alerts.ts';
import { formatIv, formatPrice, formatTimeIst } from '../../format.ts';
import { downloadText, type AlertsModel } from './alerts-store.ts';
import { fieldError } from './form-errors.ts';
import './alerts.css';

const FIELDS: { id: RuleField; label: string }[] = [
  { id: 'ltp', label: 'LTP' }, { id: 'mid', label: 'mid' }, { id: 'underlying', label: 'underlying' }, { id: 'iv', label: 'IV (decimal)' }, { id: 'pnl', label: 'position P&L' },
];
const STATE_LABEL: Record<RuleView['state'], string> = { armed: 'armed', fired: 'fired', expired: 'expired', paused: 'paused', stale: 'stale', feed_down: 'feed down' };
const valueText = (r: RuleView, v: number | null) => (v === null ? '' : r.field === 'iv' ? `${formatIv(v)} %` : formatPrice(v));

function RuleForm({ model }: { model: AlertsModel }) {
  const positions = useStore(model.store, (s) => s.positions);
  const ruleDraft = useStore(model.store, (s) => s.ruleDraft);
  const [d, setD] = useState({ symbol: '', field: 'ltp' as RuleField, op: 'above' as 'above' | 'below', level: '', repeat: false, cooldown: '60', close: false, position: '', unit: 'inr' as 'inr' | 'percent' });
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const set = (p: Partial<typeof d>) => setD((x) => ({ ...x, ...p }));
  useEffect(() => {
    if (ruleDraft) setD((x) => ({ ...x, symbol: ruleDraft.symbol, field: x.field === 'pnl' ? 'ltp' : x.field, level: ruleDraft.entry_price === null ? '' : String(ruleDraft.entry_price) }));
  }, [ruleDraft]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const level = Number(d.level);
    const pos = positions.find((p) => p.id === d.position);
    const input: RuleInput = {
      symbol: d.field === 'pnl' && pos ? pos.symbol : d.symbol.trim(), field: d.field, op: d.op,
      level: d.level.trim() !== '' && Number.isFinite(level) ? level : (d.level as unknown as number),
      repeat: d.repeat, cooldown_ms: Number(d.cooldown) * 1000, expires_at_close: d.close, ...(d.field === 'pnl' && { pnl_unit: d.unit, ...(d.position && { position_id: d.position }) }),
    };
    try {
      await model.call('alerts.add_rule', input);
      setError(null);
      set({ level: '' });
      await model.refresh(false);
    } catch (err) {
      setError(fieldError(err));
    }
  };
  return (
    <form className="alerts-form" data-testid="rule-form" onSubmit={submit}>
      {d.field === 'pnl' ? (
        <label className="alerts-field wide"><span>Position</span>
          <select value={d.position} onChange={(e) => set({ position: e.target.value })} data-testid="rule-position">
            <option value="">— pick a position —</option>
            {positions.map((p) => <option key={p.id} value={p.id}>{p.side} {p.lots} × {p.symbol} @ {p.entry_price}</option>)}
          </select>
        </label>
      ) : (
        <label className="alerts-field wide"><span>Instrument</span>
          <input data-testid="rule-symbol" className={error?.field === 'symbol' ? 'invalid' : ''} value={d.symbol} onChange={(e) => set({ symbol: e.target.value })} placeholder="option symbol or underlying" />
        </label>
      )}
      <label className="alerts-field"><span>Watch</span>
        <select data-testid="rule-field" value={d.field} onChange={(e) => set({ field: e.target.value as RuleField })}>{FIELDS.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}</select>
      </label>
      <label className="alerts-field"><span>Crossing</span>
        <select data-testid="rule-op" value={d.op} onChange={(e) => set({ op: e.target.value as 'above' | 'below' })}><option value="above">above</option><option value="below">below</option></select>
      </label>
      {d.field === 'pnl' && (
        <label className="alerts-field"><span>In</span>
          <select data-testid="rule-pnl-unit" value={d.unit} onChange={(e) => set({ unit: e.target.value as 'inr' | 'percent' })}><option value="inr">₹</option><option value="percent">% of entry</option></select>
        </label>
      )}
      <label className="alerts-field"><span>Level</span>
        <input data-testid="rule-level" className={error?.field === 'level' ? 'invalid' : ''} value={d.level} onChange={(e) => set({ level: e.target.value })} />
      </label>
      <label className="alerts-check"><input type="checkbox" checked={d.repeat} onChange={(e) => set({ repeat: e.target.checked })} /> repeat, cooldown
        <input className="short" value={d.cooldown} onChange={(e) => set({ cooldown: e.target.value })} /> s</label>
      <label className="alerts-check"><input type="checkbox" checked={d.close} onChange={(e) => set({ close: e.target.checked })} /> until today's close</label>
      {error && <div className="alerts-field-error wide" data-testid="rule-error">{error.message}</div>}
      <div className="alerts-form-actions"><button type="submit" className="calc-action" data-testid="rule-add">Add alert</button></div>
    </form>
  );
}

export function AlertsPanel({ model }: { model: AlertsModel }) {
  useEffect(() => model.use(), [model]);
  const rules = useStore(model.store, (s) => s.rules);
  const log = useStore(model.store, (s) => s.log);
  const summary = useStore(model.store, (s) => s.summary);
  const permission = useStore(model.store, (s) => s.permission);
  const sound = useStore(model.store, (s) => s.sound);
  const error = useStore(model.store, (s) => s.error);
  const focused = useStore(model.store, (s) => s.focused);
  useEffect(() => { if (summary?.unseen) void model.call('alerts.mark_seen', {}).catch(() => {}); }, [summary?.unseen, model]);
  const act = (p: Promise<unknown>) => p.then(() => model.refresh(false), (err: Error) => model.store.setState({ error: err.message }));
  const exportLog = async () => {
    try {
      const { filename, csv } = await model.call('alerts.log_csv', {});
      downloadText(filename, csv);
    } catch (err) {
      model.store.setState({ error: (err as Error).message });
    }
  };
  return (
    <div className="alerts-panel" data-testid="alerts-panel">
      <div className="calc-bar">
        <button type="button" className="calc-action" data-testid="alerts-pause" onClick={() => void act(model.call('alerts.pause', { paused: !summary?.paused }))}>{summary?.paused ? 'Resume alerts' : 'Pause alerts'}</button>
        {permission === 'default' && <button type="button" className="calc-action" data-testid="alerts-notify-permission" onClick={() => void model.askPermission()}>Enable desktop notifications</button>}
        {permission === 'denied' && <span className="calc-source error">Notifications are blocked for this page: toasts and the log still show alerts.</span>}
        {permission === 'granted' && <span className="calc-source">Desktop notifications on.</span>}
        <label className="alerts-check"><input type="checkbox" checked={sound} onChange={(e) => model.setSound(e.target.checked)} /> sound</label>
        <span className="calc-source">{summary ? `${summary.armed} armed` : ''}</span>
      </div>
      {(error || summary?.error) && <div className="alerts-error">{summary?.error ?? error}</div>}
      <div className="alerts-scroll">
        <RuleForm model={model} />
        {rules.length === 0 ? <div className="alerts-empty">No alert rules. Set a stop-loss or target on a position, or add an alert above.</div> : (
          <table className="alerts-table" data-testid="rules-table">
            <thead><tr><th>Instrument</th><th>Rule</th><th className="num">Level</th><th className="num">Now</th><th>State</th><th className="num">Fired</th><th /></tr></thead>
            <tbody>
              {rules.map((r) => (
                <tr key={r.id} data-testid={`rule-row-${r.id}`} data-state={r.state}>
                  <td>{r.symbol}</td>
                  <td>{r.kind === 'level' ? '' : `${r.kind.replace('_', ' ')}: `}{r.field}{r.field === 'pnl' ? (r.pnl_unit === 'percent' ? ' %' : ' ₹') : ''} {r.op}{r.repeat ? ` (repeat, ${r.cooldown_ms / 1000} s)` : ''}{r.expires_at ? ' · until close' : ''}</td>
                  <td className="num">{valueText(r, r.level)}</td>
                  <td className="num">{valueText(r, r.last_value)}</td>
                  <td><span className={`rule-state ${r.state}`} title={r.state_reason ?? undefined} data-testid="rule-state">{STATE_LABEL[r.state]}</span>{r.state_reason && <small className="muted"> {r.state_reason}</small>}</td>
                  <td className="num">{r.fired_count}</td>
                  <td className="actions">
                    {!r.armed && <button type="button" className="icon-button" title="Re-arm" onClick={() => void act(model.call('alerts.update_rule', { id: r.id, armed: true }))}>↻</button>}
                    <button type="button" className="icon-button" title="Delete" onClick={() => void act(model.call('alerts.remove_rule', { id: r.id }))}>✕</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div className="alerts-subhead">
          <span>Alert log</span>
          <button type="button" className="calc-action" data-testid="alerts-log-export" onClick={() => void exportLog()}>Export CSV</button>
        </div>
        {log.length === 0 ? <div className="alerts-empty">Nothing has fired yet.</div> : (
          <table className="alerts-table" data-testid="alerts-log">
            <thead><tr><th>Time (IST)</th><th>Instrument</th><th>What</th><th className="num">Level</th><th className="num">Price</th><th className="num">P&amp;L ₹</th></tr></thead>
            <tbody>
              {log.map((e) => (
                <tr key={`${e.id}-${e.rule_id}-${e.time}`} data-testid="alerts-log-row" className={focused && focused.id === e.id && focused.rule_id === e.rule_id && focused.time === e.time ? 'focused' : undefined}>
                  <td>{formatTimeIst(e.time)}</td><td>{e.symbol}</td><td>{e.kind.replace('_', ' ')} · {e.field} {e.op}</td>
                  <td className="num">{e.field === 'iv' ? formatIv(e.level) : formatPrice(e.level)}</td>
                  <td className="num">{e.field === 'iv' ? formatIv(e.price) : formatPrice(e.price)}</td>
                  <td className="num">{formatPrice(e.pnl)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
