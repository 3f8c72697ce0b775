// Signals: the live list of signals on options flow (volume spikes, price moves, spread
// tightening/widening, fair-value divergence, OI spikes, IV jumps), newest first, filtered by
// underlying and type. A click on a row charts its contract; "Alert" makes an alert rule from it.
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { OptickApi } from '../../../shared/api.ts';
import { SIGNAL_TYPES, type Signal, type SignalType } from '../../../shared/signals.ts';
import { formatTimeIst } from '../../format.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { downloadText } from '../alerts/alerts-store.ts';
import '../alerts/alerts.css';

const MAX_ROWS = 500;
const LABEL: Record<SignalType, string> = {
  volume_spike: 'volume spike', price_move: 'price move', spread_tightening: 'spread tightening', spread_widening: 'spread widening',
  fair_value_divergence: 'fair value', oi_spike: 'OI spike', iv_jump: 'IV jump',
};

interface Props {
  api: OptickApi;
  screen: ScreenStore;
  onOpenChart: (symbol: string) => void;
}

export function SignalsPanel({ api, screen, onOpenChart }: Props) {
  const underlyings = useStore(screen, (s) => s.underlyings);
  const [signals, setSignals] = useState<Signal[]>([]);
  const [underlying, setUnderlying] = useState('');
  const [type, setType] = useState<SignalType | ''>('');
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    let live = true;
    const seen = new Set<number>();
    const off = api.onEvent((e) => {
      if (e.type !== 'signal' || seen.has(e.signal.id)) return;
      seen.add(e.signal.id);
      setSignals((list) => [e.signal, ...list].slice(0, MAX_ROWS));
    });
    void api.call('signals.list', { limit: MAX_ROWS }).then((list) => {
      if (!live) return;
      for (const s of list) seen.add(s.id);
      setSignals((now) => [...now, ...list.filter((s) => !now.some((x) => x.id === s.id))].sort((a, b) => b.id - a.id).slice(0, MAX_ROWS));
    }, (err: Error) => setNote({ ok: false, text: err.message }));
    return () => { live = false; off(); };
  }, [api]);
  const shown = useMemo(() => signals.filter((s) => (!underlying || s.underlying === underlying) && (!type || s.type === type)), [signals, underlying, type]);
  const toRule = async (s: Signal) => {
    try {
      const r = await api.call('signals.to_alert_rule', { id: s.id });
      setNote({ ok: true, text: `alert rule: ${r.symbol} ${r.field} ${r.op} ${r.level}` });
    } catch (err) {
      setNote({ ok: false, text: (err as Error).message });
    }
  };
  const exportCsv = async () => {
    const { filename, csv } = await api.call('signals.export_csv', { ...(underlying && { underlying }), ...(type && { type }) });
    downloadText(filename, csv);
  };
  return (
    <div className="alerts-panel" data-testid="signals-panel">
      <div className="calc-bar">
        <label className="alerts-field"><span>Underlying</span>
          <select data-testid="signals-underlying" value={underlying} onChange={(e) => setUnderlying(e.target.value)}>
            <option value="">all</option>
            {underlyings.map((u) => <option key={u.name} value={u.name}>{u.name}</option>)}
          </select>
        </label>
        <label className="alerts-field"><span>Type</span>
          <select data-testid="signals-type" value={type} onChange={(e) => setType(e.target.value as SignalType | '')}>
            <option value="">all</option>
            {SIGNAL_TYPES.map((t) => <option key={t} value={t}>{LABEL[t]}</option>)}
          </select>
        </label>
        <button type="button" onClick={() => void exportCsv()}>Export CSV</button>
      </div>
      {note && <div className={note.ok ? 'alerts-ok' : 'alerts-error'} data-testid="signals-note">{note.text}</div>}
      <div className="alerts-scroll">
        {shown.length === 0 ? <div className="alerts-empty">No signals yet{underlying || type ? ' matching the filter' : ''}.</div> : (
          <table className="alerts-table" data-testid="signals-table">
            <thead><tr><th>Time (IST)</th><th>Type</th><th>Contract</th><th>What</th><th /></tr></thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-testid="signal-row" data-type={s.type} data-symbol={s.symbol} className="clickable" onClick={() => onOpenChart(s.symbol)} title="Click: chart this contract">
                  <td>{formatTimeIst(s.time)}</td>
                  <td className={s.direction === 'up' ? 'up' : 'down'}>{LABEL[s.type]} {s.direction === 'up' ? '▲' : '▼'}</td>
                  <td>{s.symbol}</td>
                  <td className="muted">{s.message.replace(`${s.symbol}: `, '')}</td>
                  <td className="actions"><button type="button" onClick={(e) => { e.stopPropagation(); void toRule(s); }}>Alert</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
