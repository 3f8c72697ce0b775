// The dock: one panel at a time, beside or below the chain. Panels are mounted on first view and
// then only hidden, so a calculator keeps its inputs and a chart its zoom while another tab is up.
import { useState } from 'react';
import { useStore } from 'zustand';
import { pickTab, setDockSide, toggleDock } from './layout-state.ts';
import type { LayoutStore } from './layout-state.ts';
import type { PanelDef } from './panels.ts';
import { SHORTCUT_HINTS } from './shortcuts.ts';

export function Dock({ layout, tabs }: { layout: LayoutStore; tabs: readonly PanelDef[] }) {
  const dock = useStore(layout, (s) => s.dock);
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => new Set([dock.tab]));
  if (dock.open && !seen.has(dock.tab)) setSeen(new Set(seen).add(dock.tab));
  const otherSide = dock.side === 'right' ? 'bottom' : 'right';

  return (
    <aside className="dock" data-testid="dock" data-tab={dock.tab} hidden={!dock.open} aria-label="Panels">
      <div className="dock-head">
        <div className="dock-tabs" role="tablist">
          {tabs.map((t, i) => (
            <button
              type="button" role="tab" key={t.id} data-testid={`dock-tab-${t.id}`} aria-selected={t.id === dock.tab}
              className={t.id === dock.tab ? 'dock-tab active' : 'dock-tab'} title={`${t.title} (${SHORTCUT_HINTS.tab(i + 1)})`}
              onClick={() => pickTab(layout, t.id)}
            >
              {t.title}
            </button>
          ))}
        </div>
        <div className="dock-actions">
          <button type="button" className="icon-button" data-testid="dock-side" title={`Dock at the ${otherSide}`} onClick={() => setDockSide(layout, otherSide)}>
            {dock.side === 'right' ? '⬓' : '◨'}
          </button>
          <button type="button" className="icon-button" data-testid="dock-close" title={`Hide panels (${SHORTCUT_HINTS.dock})`} onClick={() => toggleDock(layout)}>✕</button>
        </div>
      </div>
      {tabs.filter((t) => seen.has(t.id)).map((t) => (
        <div key={t.id} className="dock-panel" role="tabpanel" data-testid={`dock-panel-${t.id}`} hidden={t.id !== dock.tab}>
          {t.render()}
        </div>
      ))}
    </aside>
  );
}
