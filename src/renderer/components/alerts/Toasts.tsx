// In-app toasts for alert firings (bottom right); a click opens the alert on its contract.
import { useStore } from 'zustand';
import type { AlertLogEntry } from '../../../shared/alerts.ts';
import { formatTimeIst } from '../../format.ts';
import type { AlertsModel } from './alerts-store.ts';
import './alerts.css';

export function AlertToasts({ model, onOpen }: { model: AlertsModel; onOpen: (entry: AlertLogEntry) => void }) {
  const toasts = useStore(model.store, (s) => s.toasts);
  if (!toasts.length) return null;
  return (
    <div className="alert-toasts" role="status" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`alert-toast ${t.entry.kind}`} data-testid="alert-toast" onClick={() => { onOpen(t.entry); model.dismiss(t.id); }}>
          <div className="alert-toast-head"><b>{t.entry.symbol}</b><span>{formatTimeIst(t.entry.time)}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={(e) => { e.stopPropagation(); model.dismiss(t.id); }}>✕</button>
          </div>
          <div>{t.entry.message}</div>
        </div>
      ))}
    </div>
  );
}
