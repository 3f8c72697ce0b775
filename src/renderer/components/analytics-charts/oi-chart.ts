// OI by strike on a canvas: per strike a call bar (green) beside a put bar (red). The part of a
// bar added since the previous close is drawn bright; OI shed since then is an outline above the
// bar (where it stood at the close). A dashed line marks the ATM strike. Hover names the strike.
import { formatQty, formatSignedQty, formatStrike } from '../../format.ts';
import type { OiBar, OiData } from './chart-data.ts';

const PAD = { left: 6, right: 44, top: 24, bottom: 18 };
const CE = { base: '#26c281', added: '#8ff5c8' };
const PE = { base: '#f0524f', added: '#ffa19c' };
const compact = new Intl.NumberFormat('en-IN', { notation: 'compact', maximumFractionDigits: 1 });

export interface BarRect { x: number; w: number; base: number; top: number; shed: number | null; added: number | null }
export interface OiLayout { slot: number; plotTop: number; plotBottom: number; bars: { strike: number; ce: BarRect; pe: BarRect }[] }

/**
 * Where each bar goes in a width × height box: `top`/`base` are the y of the bar's top and of
 * the previous-close level inside it (base = top when nothing was added), `shed` the y the
 * outline reaches when OI fell. y grows downwards; values scale to data.scale.
 */
export function oiLayout(data: OiData, width: number, height: number): OiLayout {
  const plotTop = PAD.top, plotBottom = height - PAD.bottom;
  const plotH = Math.max(1, plotBottom - plotTop);
  const n = Math.max(1, data.bars.length);
  const slot = Math.max(1, (width - PAD.left - PAD.right) / n);
  const w = Math.max(1, slot * 0.4);
  const y = (v: number) => plotBottom - (data.scale > 0 ? (Math.max(0, v) / data.scale) * plotH : 0);
  const rect = (x: number, oi: number, change: number | null): BarRect => {
    const prev = change === null ? oi : oi - change;
    return { x, w, top: y(oi), base: change !== null && change > 0 ? y(prev) : y(oi), shed: change !== null && change < 0 ? y(prev) : null, added: change };
  };
  return {
    slot, plotTop, plotBottom,
    bars: data.bars.map((b, i) => {
      const left = PAD.left + i * slot + slot * 0.1;
      return { strike: b.strike, ce: rect(left, b.ceOi, b.ceChange), pe: rect(left + w, b.peOi, b.peChange) };
    }),
  };
}

export class OiChart {
  readonly #host: HTMLElement;
  readonly #canvas: HTMLCanvasElement;
  readonly #readout: HTMLElement;
  readonly #resize: ResizeObserver;
  #data: OiData = { bars: [], scale: 0, atmStrike: null, spot: null };
  #hover: number | null = null;

  constructor(host: HTMLElement, readout: HTMLElement) {
    this.#host = host;
    this.#readout = readout;
    this.#canvas = document.createElement('canvas');
    this.#canvas.className = 'oi-canvas';
    this.#canvas.dataset.testid = 'oi-canvas';
    host.append(this.#canvas);
    this.#resize = new ResizeObserver(() => this.#draw());
    this.#resize.observe(host);
    this.#canvas.addEventListener('mousemove', this.#onMove);
    this.#canvas.addEventListener('mouseleave', this.#onLeave);
  }

  show(data: OiData): void {
    this.#data = data;
    this.#host.dataset.bars = String(data.bars.length);
    this.#host.dataset.withChange = String(data.bars.filter((b) => b.ceChange !== null || b.peChange !== null).length);
    this.#draw();
    this.#showReadout();
  }

  dispose(): void {
    this.#resize.disconnect();
    this.#canvas.removeEventListener('mousemove', this.#onMove);
    this.#canvas.removeEventListener('mouseleave', this.#onLeave);
    this.#canvas.remove();
  }

  #draw(): void {
    const { clientWidth: width, clientHeight: height } = this.#host;
    if (width === 0 || height === 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (this.#canvas.width !== Math.round(width * dpr) || this.#canvas.height !== Math.round(height * dpr)) {
      this.#canvas.width = Math.round(width * dpr);
      this.#canvas.height = Math.round(height * dpr);
      this.#canvas.style.width = `${width}px`;
      this.#canvas.style.height = `${height}px`;
    }
    const ctx = this.#canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const layout = oiLayout(this.#data, width, height);
    ctx.font = "10px Inter, 'Segoe UI', system-ui, sans-serif";
    // Scale: three grid lines with their OI on the right.
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    for (const f of [1, 0.5]) {
      const y = layout.plotBottom - f * (layout.plotBottom - layout.plotTop);
      ctx.fillStyle = '#161e28';
      ctx.fillRect(PAD.left, Math.round(y), width - PAD.left - PAD.right, 1);
      ctx.fillStyle = '#8d9aab';
      if (this.#data.scale > 0) ctx.fillText(compact.format(this.#data.scale * f), width - PAD.right + 4, y);
    }
    const labelEvery = Math.max(1, Math.ceil(56 / layout.slot));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    layout.bars.forEach((b, i) => {
      const centre = b.ce.x + b.ce.w;
      if (b.strike === this.#data.atmStrike) {
        ctx.fillStyle = 'rgba(76, 141, 255, 0.5)';
        for (let y = layout.plotTop; y < layout.plotBottom; y += 6) ctx.fillRect(Math.round(centre), y, 1, 3);
      }
      if (i === this.#hover) { ctx.fillStyle = 'rgba(255, 255, 255, 0.05)'; ctx.fillRect(b.ce.x - layout.slot * 0.1, layout.plotTop, layout.slot, layout.plotBottom - layout.plotTop); }
      drawBar(ctx, b.ce, layout.plotBottom, CE);
      drawBar(ctx, b.pe, layout.plotBottom, PE);
      if (i % labelEvery === 0) { ctx.fillStyle = b.strike === this.#data.atmStrike ? '#c9d2dd' : '#8d9aab'; ctx.fillText(formatStrike(b.strike), centre, layout.plotBottom + 3); }
    });
  }

  #showReadout(): void {
    const bars = this.#data.bars;
    const bar: OiBar | undefined = this.#hover !== null ? bars[this.#hover] : bars.find((b) => b.strike === this.#data.atmStrike);
    if (!bar) { this.#readout.textContent = ''; return; }
    const change = (v: number | null) => (v === null ? '' : ` (${formatSignedQty(v)})`);
    this.#readout.textContent = `${formatStrike(bar.strike)} · CE ${formatQty(bar.ceOi)}${change(bar.ceChange)} · PE ${formatQty(bar.peOi)}${change(bar.peChange)}`;
  }

  readonly #onMove = (e: MouseEvent): void => {
    const rect = this.#canvas.getBoundingClientRect();
    const layout = oiLayout(this.#data, rect.width, rect.height);
    const i = Math.floor((e.clientX - rect.left - PAD.left) / layout.slot);
    const hover = i >= 0 && i < this.#data.bars.length ? i : null;
    if (hover === this.#hover) return;
    this.#hover = hover;
    this.#draw();
    this.#showReadout();
  };

  readonly #onLeave = (): void => {
    this.#hover = null;
    this.#draw();
    this.#showReadout();
  };
}

function drawBar(ctx: CanvasRenderingContext2D, r: BarRect, bottom: number, colour: { base: string; added: string }): void {
  ctx.fillStyle = colour.base;
  ctx.fillRect(r.x, r.base, r.w, bottom - r.base);
  if (r.base > r.top) { ctx.fillStyle = colour.added; ctx.fillRect(r.x, r.top, r.w, r.base - r.top); }
  if (r.shed !== null && r.shed < r.top) {
    ctx.strokeStyle = colour.added;
    ctx.lineWidth = 1;
    ctx.strokeRect(r.x + 0.5, r.shed + 0.5, Math.max(0, r.w - 1), r.top - r.shed);
  }
}
