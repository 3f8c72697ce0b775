// The dock's analytics charts: IV smile, OI by strike and the day's PCR / max pain / straddle,
// one card each. React renders each card once; its chart is fed at most once a second from the
// shown chain (chain session) and the minute metric history (history.metrics).
import { useEffect, useRef } from 'react';
import type { ReactNode, Ref, RefObject } from 'react';
import type { OptionChainModel } from '../../../shared/chain.ts';
import type { MetricsPoint } from '../../../shared/metrics.ts';
import type { Transport } from '../../api/transport.ts';
import { formatPrice, formatStrike, formatVolPercent } from '../../format.ts';
import type { ChainSession } from '../../stores/chain-session.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { intradayData, istDayStart, oiData, smileData } from './chart-data.ts';
import { IntradayChart, MAX_PAIN_COLOUR, PCR_COLOUR, STRADDLE_COLOUR } from './intraday-chart.ts';
import { OiChart } from './oi-chart.ts';
import { CALL_COLOUR, PUT_COLOUR, SmileChart } from './smile-chart.ts';

/** The charts redraw at most this often (the chain itself may tick many times a second). */
export const ANALYTICS_REDRAW_MS = 1000;
/** The minute history is fetched again this often (a point is stored each minute). */
const HISTORY_REFRESH_MS = 15_000;

interface Props { api: Transport; session: ChainSession; screen: ScreenStore }

/** Runs `draw` now and then every ANALYTICS_REDRAW_MS while the card is on screen (a hidden dock tab costs nothing). */
function everySecond(host: HTMLElement, draw: () => void): () => void {
  const tick = () => { if (host.offsetParent !== null) draw(); };
  tick();
  const timer = setInterval(tick, ANALYTICS_REDRAW_MS);
  return () => clearInterval(timer);
}

export function AnalyticsCharts(props: Props) {
  return (
    <>
      <SmileCard {...props} />
      <OiCard {...props} />
      <IntradayCard {...props} />
    </>
  );
}

function Card({ id, title, keys, legend, body }: { id: string; title: string; keys: ReactNode; legend: Ref<HTMLSpanElement>; body: Ref<HTMLDivElement> }) {
  return (
    <div className="chart-card analytics-card" data-testid={`${id}-card`}>
      <div className="chart-head">
        <span className="chart-title">{title}</span>
        <span className="analytics-keys">{keys}</span>
      </div>
      <div className="chart-body">
        <div className="chart-legend analytics-legend" data-testid={`${id}-legend`}><span ref={legend} /></div>
        <div className="chart-canvas" data-testid={`${id}-chart`} ref={body} />
      </div>
    </div>
  );
}

const Key = ({ colour, label, dashed }: { colour: string; label: string; dashed?: boolean }) => (
  <span className="analytics-key"><i style={{ borderColor: colour }} className={dashed ? 'dashed' : undefined} />{label}</span>
);

/** A chart of the shown chain: made once on the card's body, redrawn (at most once a second) only when the chain changed. */
function useChainChart<C extends { dispose(): void }>(session: ChainSession, body: RefObject<HTMLDivElement | null>, make: (host: HTMLElement) => C | null, draw: (chart: C, model: OptionChainModel | null) => void): void {
  useEffect(() => {
    const host = body.current;
    const chart = host && make(host);
    if (!host || !chart) return undefined;
    let shown = -1;
    const stop = everySecond(host, () => {
      if (session.version === shown) return;
      shown = session.version;
      draw(chart, session.chain());
    });
    return () => { stop(); chart.dispose(); };
    // make/draw are per-card constants: the chart is made once per session.
  }, [session]);
}

function SmileCard({ session }: Props) {
  const body = useRef<HTMLDivElement | null>(null);
  const legend = useRef<HTMLSpanElement | null>(null);
  useChainChart(session, body, (host) => new SmileChart(host), (chart, model) => {
    const data = smileData(model);
    chart.show(data);
    if (!legend.current) return;
    const atm = model?.market_metrics.atm_iv;
    legend.current.textContent = [
      data.forward !== null ? `F ${formatPrice(data.forward)}` : '', atm != null ? `ATM IV ${formatVolPercent(atm)}` : '',
      data.call.length + data.put.length === 0 ? 'no IV yet' : '',
    ].filter(Boolean).join(' · ');
  });
  return (
    <Card id="smile" title="IV smile" legend={legend} body={body}
      keys={<><Key colour={CALL_COLOUR} label="CE" /><Key colour={PUT_COLOUR} label="PE" /><Key colour="rgba(141,154,171,0.6)" label="broker" dashed /></>} />
  );
}

function OiCard({ session }: Props) {
  const body = useRef<HTMLDivElement | null>(null);
  const legend = useRef<HTMLSpanElement | null>(null);
  useChainChart(session, body, (host) => (legend.current ? new OiChart(host, legend.current) : null), (chart, model) => chart.show(oiData(model)));
  return (
    <Card id="oi" title="OI by strike" legend={legend} body={body}
      keys={<><Key colour={CALL_COLOUR} label="CE" /><Key colour={PUT_COLOUR} label="PE" /><span className="analytics-key muted">bright: added today · outline: shed</span></>} />
  );
}

function IntradayCard({ api, screen }: Props) {
  const body = useRef<HTMLDivElement | null>(null);
  const legend = useRef<HTMLSpanElement | null>(null);
  useEffect(() => {
    const host = body.current;
    if (!host) return undefined;
    const chart = new IntradayChart(host);
    let points: MetricsPoint[] = [];
    let chain = '';
    let fetchedAt = 0;
    let generation = 0;
    const load = (underlying: string, expiry: string) => {
      const mine = ++generation;
      const now = Date.now();
      fetchedAt = now;
      api.call('history.metrics', { underlying, expiry, from: istDayStart(now), to: now + 60_000 })
        .then((got) => { if (mine === generation) points = got; })
        .catch((err: unknown) => { if (mine === generation) { points = []; console.warn(`optick: metric history of ${underlying} ${expiry}`, err); } });
    };
    const stop = everySecond(host, () => {
      const { underlying, expiry, metrics } = screen.getState();
      if (!underlying || !expiry) return;
      const id = `${underlying}|${expiry}`;
      if (id !== chain) { chain = id; points = []; load(underlying, expiry); } else if (Date.now() - fetchedAt > HISTORY_REFRESH_MS) load(underlying, expiry);
      chart.show(intradayData(points, { now: Date.now(), metrics }));
      if (legend.current) {
        legend.current.textContent = metrics
          ? `PCR ${metrics.pcr != null ? metrics.pcr.toFixed(3) : '—'} · max pain ${formatStrike(metrics.max_pain) || '—'} · straddle ${formatPrice(metrics.atm_straddle) || '—'}`
          : '';
      }
    });
    return () => { stop(); generation++; chart.dispose(); };
  }, [api, screen]);
  return (
    <Card id="intraday" title="Today" legend={legend} body={body}
      keys={<><Key colour={PCR_COLOUR} label="PCR" /><Key colour={MAX_PAIN_COLOUR} label="max pain" /><Key colour={STRADDLE_COLOUR} label="straddle" /></>} />
  );
}
