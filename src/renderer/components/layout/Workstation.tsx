// The workstation frame: the chain (main) dominant, the dock beside or below it with a drag
// splitter, the tab rail on the right edge and the settings sheet over everything.
// `main` is created once by App and always sits first in the same place in the tree, so
// opening, moving or resizing the dock never re-renders or re-mounts the chain grid.
import { useEffect, useRef } from 'react';
import type { CSSProperties, PointerEvent as ReactPointerEvent, ReactNode, RefObject } from 'react';
import { useStore } from 'zustand';
import { Dock } from './Dock.tsx';
import { closeSettings, openSettings, resizeDock, showTab, toggleDock } from './layout-state.ts';
import type { LayoutStore } from './layout-state.ts';
import type { PanelDef } from './panels.ts';
import { Rail } from './Rail.tsx';
import { SettingsSheet } from './SettingsSheet.tsx';
import { shortcutFor } from './shortcuts.ts';
import './layout.css';

interface Props {
  layout: LayoutStore;
  main: ReactNode;
  dockTabs: readonly PanelDef[];
  settings: readonly PanelDef[];
}

export function Workstation({ layout, main, dockTabs, settings }: Props) {
  const side = useStore(layout, (s) => s.dock.side);
  const open = useStore(layout, (s) => s.dock.open);
  const size = useStore(layout, (s) => (s.dock.side === 'right' ? s.dock.width : s.dock.height));
  const body = useRef<HTMLDivElement | null>(null);
  useShortcuts(layout, dockTabs, settings[0]?.id ?? null);

  return (
    <div className="workstation">
      <div
        ref={body} className={`ws-body dock-${side}${open ? ' dock-open' : ''}`}
        style={{ '--dock-size': `${size}px` } as CSSProperties}
      >
        <div className="ws-main">{main}</div>
        {open && <Splitter layout={layout} body={body} side={side} />}
        <Dock layout={layout} tabs={dockTabs} />
      </div>
      <Rail layout={layout} tabs={dockTabs} settingsSection={settings[0]?.id ?? ''} />
      <SettingsSheet layout={layout} sections={settings} />
    </div>
  );
}

/**
 * Drag to resize the dock. While dragging only a guide line moves; the dock (and with it the
 * grid, which refits its columns on resize) takes the new size once, on release.
 */
function Splitter({ layout, body, side }: { layout: LayoutStore; body: RefObject<HTMLDivElement | null>; side: 'right' | 'bottom' }) {
  const guide = useRef<HTMLDivElement | null>(null);
  const sizeAt = (e: ReactPointerEvent) => {
    const box = body.current!.getBoundingClientRect();
    return side === 'right' ? box.right - e.clientX : box.bottom - e.clientY;
  };
  const place = (e: ReactPointerEvent) => {
    const box = body.current!.getBoundingClientRect();
    const g = guide.current!;
    if (side === 'right') g.style.left = `${e.clientX - box.left}px`; else g.style.top = `${e.clientY - box.top}px`;
  };
  return (
    <>
      <div
        className="splitter" role="separator" aria-orientation={side === 'right' ? 'vertical' : 'horizontal'} title="Drag to resize"
        onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); guide.current!.hidden = false; place(e); }}
        onPointerMove={(e) => { if (e.currentTarget.hasPointerCapture(e.pointerId)) place(e); }}
        onPointerUp={(e) => { guide.current!.hidden = true; resizeDock(layout, sizeAt(e)); }}
        onPointerCancel={() => { guide.current!.hidden = true; }}
      />
      <div className="splitter-guide" ref={guide} hidden />
    </>
  );
}

function useShortcuts(layout: LayoutStore, tabs: readonly PanelDef[], firstSection: string | null) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
      const action = shortcutFor({ key: e.key, code: e.code, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, shiftKey: e.shiftKey, typing }, layout.getState().settings !== null);
      if (!action) return;
      if (action.kind === 'toggle-dock') toggleDock(layout);
      else if (action.kind === 'close-settings') closeSettings(layout);
      else if (action.kind === 'settings' && firstSection) openSettings(layout, firstSection);
      else if (action.kind === 'tab') { const tab = tabs[action.index]; if (!tab) return; showTab(layout, tab.id); }
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [layout, tabs, firstSection]);
}
