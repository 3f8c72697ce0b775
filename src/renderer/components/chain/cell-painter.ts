// Paints the chain's leg cells. Each leg cell is a small DOM renderer (LegCellRenderer: a text
// node, and in OI cells a bar) registered here by its leg object; once a frame the painter
// walks the updated rows and rewrites only the text that changed. A changed number flashes
// its cell green when it rose and red when it fell, for FLASH_MS. React never renders a leg cell after it mounts:
// under AgGridReact that per-cell re-render was the whole cost of a transaction. Flashes end
// from one queue, on the next paint or one shared timer: not a timer per flashing cell. Cells of
// rows scrolled out of view wait (OffscreenRows) and are written when their row comes back.
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { ChainRow, OptionLeg } from '../../../shared/chain.ts';
import type { LegCellSpec } from '../chain-columns.ts';
import type { ColumnChoiceStore } from './column-choice.ts';

/** What the grid's context carries for its cells. */
export interface ChainGridContext {
  painter: CellPainter;
  /** The trader's column choice (chain/column-choice.ts). */
  columns: ColumnChoiceStore;
  /** The element holding the grid (its width is what the columns are fitted to). */
  container: () => HTMLElement | null;
}

/** A bar width change smaller than this (percent points) is not worth a style write. */
const BAR_STEP_PCT = 0.5;
/** How long a moved cell stays green or red. */
const FLASH_MS = 400;
/** A flash is not restarted sooner than this after the last (the grid repaints every frame; the value shown is always the latest). */
export const FLASH_MIN_RESTART_MS = 250;
/** When no paint comes (a quiet chain), the shared timer ends due flashes this much late at most. */
const FLASH_TIMER_SLACK_MS = 50;

/** A flash to end: the cell, which of its flashes it was (a restarted flash is not ended early), when. */
interface FlashEnd {
  view: LegCellView;
  parity: number;
  endsAt: number;
}

/**
 * The grid keeps all 41 rows in the DOM, about half of them scrolled out of view; a number
 * rewritten there still costs the browser layout and paint every frame. A cell of such a row
 * waits here and is painted (without a flash: it is catching up, not moving) as soon as the
 * page scrolls or resizes — in that event, so the frame that brings a row into view shows its
 * latest values — and otherwise once an IntersectionObserver says its row is in view again.
 * Without IntersectionObserver, no cell waits.
 */
class OffscreenRows {
  readonly #hidden = new WeakSet<Element>();
  readonly #observed = new WeakSet<Element>();
  readonly #waiting = new Map<Element, Set<LegCellView>>();
  readonly #io: IntersectionObserver | null;
  readonly #catchUp = () => this.#paintAll();

  constructor() {
    if (typeof IntersectionObserver === 'undefined') { this.#io = null; return; }
    this.#io = new IntersectionObserver((entries) => {
      for (const { target, isIntersecting } of entries) {
        if (!isIntersecting) {
          this.#hidden.add(target);
          if (!target.isConnected) { this.#io?.unobserve(target); this.#waiting.delete(target); } // a removed strike's row
          continue;
        }
        this.#hidden.delete(target);
        const views = this.#waiting.get(target);
        this.#waiting.delete(target);
        if (views) paintNow(views);
      }
    });
    // Scroll events do not bubble: captured on the document, any scroller's reach us (the grid's own among them).
    document.addEventListener('scroll', this.#catchUp, { capture: true, passive: true });
    window.addEventListener('resize', this.#catchUp, { passive: true });
  }

  /** True when the row is out of view: the cell is painted when it comes back. */
  defer(row: Element, view: LegCellView): boolean {
    if (!this.#io) return false;
    if (!this.#observed.has(row)) { this.#observed.add(row); this.#io.observe(row); }
    if (!this.#hidden.has(row)) return false;
    let views = this.#waiting.get(row);
    if (!views) this.#waiting.set(row, (views = new Set()));
    views.add(view);
    return true;
  }

  forget(row: Element, view: LegCellView): void {
    this.#waiting.get(row)?.delete(view);
  }

  /** Every waiting cell now (rows still out of view start waiting again on their next change). */
  #paintAll(): void {
    if (this.#waiting.size === 0) return;
    const all = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const views of all) paintNow(views);
  }

  dispose(): void {
    this.#waiting.clear();
    if (!this.#io) return;
    this.#io.disconnect();
    document.removeEventListener('scroll', this.#catchUp, { capture: true });
    window.removeEventListener('resize', this.#catchUp);
  }
}

/** Catch-up paints of cells that waited: no flash (the number is catching up, not moving). */
function paintNow(views: Iterable<LegCellView>): void {
  for (const view of views) view.paint(false, true);
}

export class CellPainter {
  readonly offscreen = new OffscreenRows();
  readonly #cells = new Map<OptionLeg, Set<LegCellView>>();
  readonly #rows = new Map<number, ChainRow>();
  #maxOi = 0;
  /** The expiry's largest leg OI (market_metrics.max_oi), over every strike, not only those shown. */
  #expiryMaxOi = 0;
  /** Flashes in the order they end (all last FLASH_MS, so that is the order they started). */
  #flashes: FlashEnd[] = [];
  #flashHead = 0;
  #flashTimer: ReturnType<typeof setTimeout> | null = null;

  add(view: LegCellView): void {
    let set = this.#cells.get(view.leg);
    if (!set) this.#cells.set(view.leg, (set = new Set()));
    set.add(view);
  }

  delete(view: LegCellView, leg: OptionLeg): void {
    const set = this.#cells.get(leg);
    if (!set) return;
    set.delete(view);
    if (set.size === 0) this.#cells.delete(leg);
  }

  /** The OI bars' scale: the expiry's largest leg OI (or the shown legs', when larger or not yet known). */
  get maxOi(): number {
    return this.#maxOi;
  }

  /** The expiry's largest leg OI from the chain's metrics; redraws every bar when the scale moved. */
  setExpiryMaxOi(maxOi: number | null): void {
    const next = maxOi ?? 0;
    if (next === this.#expiryMaxOi) return;
    this.#expiryMaxOi = next;
    if (this.#rescale()) for (const set of this.#cells.values()) for (const view of set) view.paintBar();
  }

  /** A whole new chain: the rows the OI scale is taken over. */
  reset(rows: readonly ChainRow[]): void {
    this.#rows.clear();
    for (const row of rows) this.#rows.set(row.strike, row);
    this.#rescale();
  }

  /** After the grid applied a transaction (or none, for a frame of values only): repaint the changed rows' cells. */
  paint(tx: { add: readonly ChainRow[]; update: readonly ChainRow[]; remove: readonly ChainRow[]; repaint?: readonly ChainRow[] }): void {
    this.#endFlashes(performance.now());
    for (const row of tx.remove) this.#rows.delete(row.strike);
    for (const row of tx.add) this.#rows.set(row.strike, row);
    for (const row of tx.update) this.#rows.set(row.strike, row);
    const rescaled = this.#rescale();
    this.#paintRows(tx.update);
    if (tx.repaint) this.#paintRows(tx.repaint);
    if (rescaled) for (const set of this.#cells.values()) for (const view of set) view.paintBar();
  }

  #paintRows(rows: readonly ChainRow[]): void {
    for (const row of rows) {
      for (const leg of [row.ce_data, row.pe_data]) {
        const set = leg && this.#cells.get(leg);
        if (set) for (const view of set) view.paint(true);
      }
    }
  }

  /** A cell started a flash: it ends at endsAt, on a later paint or the shared timer. */
  flashing(view: LegCellView, parity: number, endsAt: number): void {
    this.#flashes.push({ view, parity, endsAt });
    if (this.#flashTimer === null) this.#armFlashTimer(endsAt);
  }

  #armFlashTimer(endsAt: number): void {
    this.#flashTimer = setTimeout(() => {
      this.#flashTimer = null;
      this.#endFlashes(performance.now());
    }, Math.max(0, endsAt - performance.now()) + FLASH_TIMER_SLACK_MS);
  }

  #endFlashes(now: number): void {
    const queue = this.#flashes;
    while (this.#flashHead < queue.length && queue[this.#flashHead]!.endsAt <= now) {
      const { view, parity } = queue[this.#flashHead++]!;
      view.endFlash(parity);
    }
    if (this.#flashHead === queue.length) { this.#flashes = []; this.#flashHead = 0; }
    else if (this.#flashHead > 1024) { this.#flashes = queue.slice(this.#flashHead); this.#flashHead = 0; }
    const next = this.#flashes[this.#flashHead];
    if (next && this.#flashTimer === null) this.#armFlashTimer(next.endsAt);
  }

  /** Recomputes the OI scale; true when it moved enough to redraw every bar. */
  #rescale(): boolean {
    let max = this.#expiryMaxOi;
    for (const row of this.#rows.values()) max = Math.max(max, row.ce_data?.oi ?? 0, row.pe_data?.oi ?? 0);
    const moved = this.#maxOi === 0 ? max > 0 : Math.abs(max - this.#maxOi) / this.#maxOi > 0.002;
    if (moved || max === 0) this.#maxOi = max;
    return moved;
  }
}

/** One painted leg cell: its last text, number and classes, so a repaint writes only what changed. */
export class LegCellView {
  leg: OptionLeg;
  readonly #spec: LegCellSpec;
  readonly #painter: CellPainter;
  readonly #cell: HTMLElement;
  readonly #text: Text;
  readonly #value: HTMLElement;
  readonly #bar: HTMLElement | null;
  #shown = '';
  #number: number | null = null;
  #tone: string | null = null;
  #flash: string | null = null;
  #parity = 0;
  #flashAt = Number.NEGATIVE_INFINITY;
  #barPct = -1;
  /** The cell's row element, once the grid has put the cell in it. */
  #row: Element | null = null;

  constructor(leg: OptionLeg, spec: LegCellSpec, painter: CellPainter, cell: HTMLElement, gui: HTMLElement) {
    this.leg = leg;
    this.#spec = spec;
    this.#painter = painter;
    this.#cell = cell;
    this.#value = gui.querySelector('.leg-value')!;
    this.#text = this.#value.firstChild as Text;
    this.#bar = gui.querySelector('.oi-bar');
    painter.add(this);
    this.paint(false);
  }

  /** A different leg object now sits in this cell (a re-centred row replaced it). */
  rebind(leg: OptionLeg): void {
    if (leg === this.leg) return;
    this.#painter.delete(this, this.leg);
    this.leg = leg;
    this.#number = null;
    this.#painter.add(this);
    this.paint(false);
  }

  /** Writes what changed; `now` paints even when the row is out of view (a catch-up). */
  paint(flash: boolean, now = false): void {
    const row = this.#row ??= this.#cell.closest('.ag-row');
    if (!now && row && this.#painter.offscreen.defer(row, this)) return;
    const { field } = this.#spec;
    const text = field.text(this.leg);
    if (text !== this.#shown) {
      this.#text.data = text;
      this.#shown = text;
      if (field.moveOf) {
        const now = field.moveOf(this.leg) ?? null;
        if (flash && now !== null && this.#number !== null && now !== this.#number) this.#flashTo(now > this.#number ? 'up' : 'down');
        this.#number = now;
      }
    }
    const tone = field.tone?.(this.leg) ?? null;
    if (tone !== this.#tone) {
      if (this.#tone) this.#value.classList.remove(this.#tone);
      if (tone) this.#value.classList.add(tone);
      this.#tone = tone;
    }
    this.paintBar();
  }

  paintBar(): void {
    if (!this.#bar) return;
    const max = this.#painter.maxOi;
    const oi = this.leg.oi ?? 0;
    const pct = max > 0 && oi > 0 ? Math.min(100, (oi / max) * 100) : 0;
    if (Math.abs(pct - this.#barPct) < BAR_STEP_PCT && !(pct === 0 && this.#barPct !== 0)) return;
    this.#bar.style.width = `${pct.toFixed(1)}%`;
    this.#barPct = pct;
  }

  #flashTo(direction: 'up' | 'down'): void {
    const now = performance.now();
    if (now - this.#flashAt < FLASH_MIN_RESTART_MS) return;
    this.#flashAt = now;
    this.#parity += 1;
    const next = `flash-${direction}`;
    if (this.#flash !== next) {
      if (this.#flash) this.#cell.classList.remove(this.#flash);
      this.#cell.classList.add(next);
      this.#flash = next;
    }
    // A static colour for FLASH_MS, then off: two class changes per move, no per-frame animation
    // (a CSS animation on every moving cell cost the browser a style pass of all of them each frame).
    this.#painter.flashing(this, this.#parity, now + FLASH_MS);
  }

  /** The painter's flash queue says this flash is over (unless the cell flashed again since). */
  endFlash(parity: number): void {
    if (this.#parity !== parity || !this.#flash) return;
    this.#cell.classList.remove(this.#flash);
    this.#flash = null;
  }

  destroy(): void {
    this.#painter.delete(this, this.leg);
    if (this.#row) this.#painter.offscreen.forget(this.#row, this);
  }
}

type LegCellParams = ICellRendererParams<ChainRow, OptionLeg | null, ChainGridContext> & { spec: LegCellSpec };

/**
 * AG Grid cell renderer for leg columns: a plain DOM component (getGui), which ag-grid-react
 * mounts without a React component of its own. Its value is the leg; repaints come from the painter.
 */
export class LegCellRenderer implements ICellRendererComp<ChainRow> {
  #gui!: HTMLElement;
  #view: LegCellView | null = null;

  init(params: LegCellParams): void {
    const gui = document.createElement('span');
    gui.className = 'leg-cell';
    const value = document.createElement('span');
    value.className = 'leg-value';
    value.append(document.createTextNode(''));
    gui.append(value);
    if (params.spec.field.key === 'oi') {
      const bar = document.createElement('i');
      bar.className = `oi-bar oi-bar-${params.spec.side}`;
      gui.append(bar);
    }
    this.#gui = gui;
    const painter = params.context?.painter;
    if (params.value && painter) this.#view = new LegCellView(params.value, params.spec, painter, params.eGridCell, gui);
  }

  getGui(): HTMLElement {
    return this.#gui;
  }

  refresh(params: LegCellParams): boolean {
    if (params.value && this.#view) this.#view.rebind(params.value);
    else if (params.value && params.context?.painter) this.#view = new LegCellView(params.value, params.spec, params.context.painter, params.eGridCell, this.#gui);
    return true;
  }

  destroy(): void {
    this.#view?.destroy();
    this.#view = null;
  }
}
