// Settings as a large sheet over the workstation (the chain keeps streaming underneath):
// sections on the left, the open one on the right. Esc, the ✕ or a click outside closes it.
import { useState } from 'react';
import { useStore } from 'zustand';
import { closeSettings, openSettings } from './layout-state.ts';
import type { LayoutStore } from './layout-state.ts';
import type { PanelDef } from './panels.ts';

export function SettingsSheet({ layout, sections }: { layout: LayoutStore; sections: readonly PanelDef[] }) {
  const open = useStore(layout, (s) => s.settings);
  // Sections stay mounted once seen: reopening the sheet keeps an unsaved draft.
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => new Set());
  if (open !== null && !seen.has(open)) setSeen(new Set(seen).add(open));
  if (seen.size === 0) return null;

  return (
    <div className="sheet-backdrop" hidden={open === null} onMouseDown={(e) => { if (e.target === e.currentTarget) closeSettings(layout); }}>
      <div className="sheet" role="dialog" aria-modal="true" aria-label="Settings" data-testid="settings-sheet">
        <nav className="sheet-nav">
          <div className="sheet-title">Settings</div>
          {sections.map((s) => (
            <button
              type="button" key={s.id} data-testid={`settings-${s.id}`} className={s.id === open ? 'sheet-link active' : 'sheet-link'}
              onClick={() => openSettings(layout, s.id)}
            >
              {s.title}
            </button>
          ))}
        </nav>
        <div className="sheet-body">
          <div className="sheet-head">
            <span>{sections.find((s) => s.id === open)?.title}</span>
            <button type="button" className="icon-button" data-testid="close-settings" title="Close (Esc)" onClick={() => closeSettings(layout)}>✕</button>
          </div>
          {sections.filter((s) => seen.has(s.id)).map((s) => (
            <div key={s.id} className="sheet-section" hidden={s.id !== open}>{s.render()}</div>
          ))}
        </div>
      </div>
    </div>
  );
}
