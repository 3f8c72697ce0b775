// "Add position…" / "Alert…" on a chain cell, kept apart from the grid's own code: a context
// menu on the chain panel's DOM (right-click a call or put cell), and the P key on the focused
// cell. The cell is found from AG Grid's row-id (the strike) and col-id ('ce.…' / 'pe.…').
import type { ChainRow } from '../../../shared/chain.ts';

export interface ChainCellPick {
  symbol: string;
  ltp: number | null;
}

/** The option a grid cell element stands for, given the rows by strike. */
export function pickOfCell(cell: Element | null, rowAt: (strike: number) => ChainRow | null): ChainCellPick | null {
  if (!cell?.closest('.chain-panel')) return null;
  const cellEl = cell.closest('.ag-cell');
  const rowEl = cellEl?.closest('.ag-row');
  const colId = cellEl?.getAttribute('col-id') ?? '';
  const strike = Number(rowEl?.getAttribute('row-id'));
  if (!Number.isFinite(strike)) return null;
  const row = rowAt(strike);
  const leg = colId.startsWith('ce.') ? row?.ce_data : colId.startsWith('pe.') ? row?.pe_data : null;
  return leg?.symbol ? { symbol: leg.symbol, ltp: leg.ltp } : null;
}

export interface ChainActionHandlers {
  rowAt(strike: number): ChainRow | null;
  addPosition(pick: ChainCellPick): void;
  addAlert(pick: ChainCellPick): void;
}

/** Installs the menu and the key on `root` (only cells inside `.chain-panel` count); returns the uninstall function. */
export function installChainActions(root: HTMLElement, h: ChainActionHandlers): () => void {
  let menu: HTMLElement | null = null;
  const close = (): void => { menu?.remove(); menu = null; };
  const open = (pick: ChainCellPick, x: number, y: number): void => {
    close();
    menu = document.createElement('div');
    menu.className = 'chain-menu';
    menu.setAttribute('role', 'menu');
    menu.dataset.testid = 'chain-menu';
    menu.style.left = `${x}px`;
    menu.style.top = `${y}px`;
    const item = (label: string, testid: string, run: () => void): void => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.dataset.testid = testid;
      b.setAttribute('role', 'menuitem');
      b.addEventListener('click', () => { close(); run(); });
      menu!.appendChild(b);
    };
    const title = document.createElement('div');
    title.className = 'chain-menu-title';
    title.textContent = pick.symbol;
    menu.appendChild(title);
    item('Add position…', 'chain-menu-add-position', () => h.addPosition(pick));
    item('Alert on this option…', 'chain-menu-add-alert', () => h.addAlert(pick));
    document.body.appendChild(menu);
  };
  const onContext = (e: MouseEvent): void => {
    const pick = pickOfCell(e.target as Element, h.rowAt);
    if (!pick) return;
    e.preventDefault();
    open(pick, e.clientX, e.clientY);
  };
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') { close(); return; }
    if ((e.key !== 'p' && e.key !== 'P') || e.ctrlKey || e.metaKey || e.altKey) return;
    const pick = pickOfCell(document.activeElement, h.rowAt);
    if (!pick) return;
    e.preventDefault();
    h.addPosition(pick);
  };
  const onDown = (e: MouseEvent): void => { if (menu && !menu.contains(e.target as Node)) close(); };
  root.addEventListener('contextmenu', onContext);
  root.addEventListener('keydown', onKey);
  document.addEventListener('mousedown', onDown);
  return () => {
    close();
    root.removeEventListener('contextmenu', onContext);
    root.removeEventListener('keydown', onKey);
    document.removeEventListener('mousedown', onDown);
  };
}
