// The engine's standing notices as strips under the header (same look as the Upstox banner):
// what is wrong, the file, what to do. Each can be dismissed for this window; a notice whose
// text changes shows again. Nothing shows when there is no notice.
import { useState } from 'react';
import { useStore } from 'zustand';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { noticesView } from './notices-view.ts';
import '../upstox/upstox.css';
import './notices.css';

export function NoticesBanner({ store }: { store: ScreenStore }) {
  const notices = useStore(store, (s) => s.status?.notices);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => new Set());
  const view = noticesView(notices, dismissed);
  if (!view.rows.length) return null;
  const dismiss = (keys: string[]) => setDismissed((d) => new Set([...d, ...keys]));
  return (
    <div className="notices" data-testid="notices">
      {view.rows.map((r) => (
        <div key={r.key} className={`ux-banner ${r.level}`} role={r.level === 'info' ? 'status' : 'alert'} data-testid="notice" data-notice={r.id} data-level={r.level}>
          <span className="ux-banner-icon" aria-hidden="true">{r.level === 'info' ? 'i' : '!'}</span>
          <span className="ux-banner-text">
            <span className="notice-source">{r.source}</span> {r.message}
            {r.file && <> <code className="notice-file">{r.file}</code></>}
            {r.action && <span className="notice-action"> — {r.action}</span>}
          </span>
          {view.more > 0 && r === view.rows[view.rows.length - 1] && <span className="notice-more">+{view.more} more</span>}
          <button type="button" className="ux-banner-link" aria-label={`Dismiss: ${r.message}`} onClick={() => dismiss([r.key])}>Dismiss</button>
        </div>
      ))}
    </div>
  );
}
