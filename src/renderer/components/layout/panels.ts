// What the workstation can show besides the chain: tabs of the dock and sections of the settings sheet.
import type { ReactNode } from 'react';

export interface PanelDef {
  /** Stable id: remembered in localStorage and used in data-testid (`dock-tab-<id>`, `dock-panel-<id>`). */
  id: string;
  title: string;
  /** Rendered the first time the panel is shown, then kept mounted (hidden when not shown) so it keeps its state. */
  render: () => ReactNode;
}
