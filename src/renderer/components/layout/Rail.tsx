// The strip along the right edge: one button per dock tab (the way back when the dock is hidden)
// and the settings button. Always there, a few pixels wide, never in the chain's way.
import { useStore } from 'zustand';
import { openSettings, pickTab } from './layout-state.ts';
import type { LayoutStore } from './layout-state.ts';
import type { PanelDef } from './panels.ts';
import { SHORTCUT_HINTS } from './shortcuts.ts';

export function Rail({ layout, tabs, settingsSection }: { layout: LayoutStore; tabs: readonly PanelDef[]; settingsSection: string }) {
  const open = useStore(layout, (s) => (s.dock.open ? s.dock.tab : null));
  return (
    <nav className="rail" aria-label="Panels">
      {tabs.map((t, i) => (
        <button
          type="button" key={t.id} data-testid={`rail-${t.id}`} className={open === t.id ? 'rail-button active' : 'rail-button'}
          title={`${open === t.id ? 'Hide' : 'Show'} ${t.title} (${SHORTCUT_HINTS.tab(i + 1)}; ${SHORTCUT_HINTS.dock} shows/hides the dock)`}
          onClick={() => pickTab(layout, t.id)}
        >
          {t.title}
        </button>
      ))}
      <span className="rail-spacer" />
      <button
        type="button" className="rail-button rail-settings" data-testid="open-settings" title={`Settings (${SHORTCUT_HINTS.settings})`}
        onClick={() => openSettings(layout, settingsSection)}
      >
        ⚙
      </button>
    </nav>
  );
}
