// Fetches Massive's reference data over REST: every contract of the underlyings (following
// next_url pages, apiKey appended as client-js does), then the opening ticks (snapshot OI and
// quotes, the underlying's previous close). A refused key is a MassiveRestError naming the
// status; nothing is retried here (the runtime reports it). Runtime: node (fetch).
import type { Tick } from '../../../../shared/market.ts';
import { InstrumentRegistry } from '../../instruments/registry.ts';
import { zonedDate } from '../../time/zoned.ts';
import { massiveInstruments, snapshotTicks, US_TIME_ZONE, type MassiveContractRow } from './instruments.ts';

export class MassiveRestError extends Error {
  override name = 'MassiveRestError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** Pages are followed up to this many (1,000 contracts a page). */
const MAX_PAGES = 200;

async function getJson(url: string, apiKey: string, what: string): Promise<{ results?: unknown[]; next_url?: unknown }> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${apiKey}`, Accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
  if (res.status === 401 || res.status === 403) throw new MassiveRestError(`Massive refused the API key for ${what} (HTTP ${res.status}); fix api_key in massive.json`, res.status);
  if (!res.ok) throw new MassiveRestError(`Massive ${what}: HTTP ${res.status}`, res.status);
  const body = (await res.json()) as { results?: unknown[]; next_url?: unknown };
  if (typeof body !== 'object' || body === null) throw new MassiveRestError(`Massive ${what}: not a JSON object`, res.status);
  return body;
}

async function allPages(first: string, apiKey: string, what: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  let url: string | null = first;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const body = await getJson(url, apiKey, what);
    if (Array.isArray(body.results)) rows.push(...body.results);
    url = typeof body.next_url === 'string' ? `${body.next_url}${body.next_url.includes('?') ? '&' : '?'}apiKey=${encodeURIComponent(apiKey)}` : null;
  }
  return rows;
}

export interface MassiveReference {
  registry: InstrumentRegistry;
  skipped: string[];
}

/** The registry of the underlyings' live contracts (expiring today, New York date, or later). */
export async function fetchMassiveRegistry(restBase: string, apiKey: string, underlyings: readonly string[], nowMs = Date.now()): Promise<MassiveReference> {
  const today = zonedDate(nowMs, US_TIME_ZONE);
  const base = restBase.replace(/\/+$/, '');
  const rows: unknown[] = [];
  for (const u of underlyings) {
    const q = new URLSearchParams({ underlying_ticker: u, 'expiration_date.gte': today, expired: 'false', limit: '1000', apiKey });
    rows.push(...await allPages(`${base}/v3/reference/options/contracts?${q}`, apiKey, `contracts of ${u}`));
  }
  const m = massiveInstruments(rows as MassiveContractRow[], underlyings, today);
  const missing = underlyings.filter((u) => !m.underlyings.some((x) => x.name === u));
  if (m.underlyings.length === 0) throw new MassiveRestError(`Massive lists no live option contracts for ${underlyings.join(', ')}`, 404);
  return { registry: new InstrumentRegistry(m.underlyings, m.options), skipped: [...m.skipped, ...missing.map((u) => `no live contracts for ${u}`)] };
}

/** Opening ticks: each underlying's previous close and its contracts' snapshot (OI, previous close, quote). */
export async function fetchMassiveOpening(restBase: string, apiKey: string, underlyings: readonly string[], nowMs = Date.now()): Promise<Tick[]> {
  const base = restBase.replace(/\/+$/, '');
  const ticks: Tick[] = [];
  for (const u of underlyings) {
    const prev = await getJson(`${base}/v2/aggs/ticker/${encodeURIComponent(u)}/prev?apiKey=${encodeURIComponent(apiKey)}`, apiKey, `previous close of ${u}`);
    const bar = prev.results?.[0] as { c?: unknown; t?: unknown } | undefined;
    if (typeof bar?.c === 'number' && bar.c > 0) ticks.push({ key: u, exchangeTs: nowMs, receiveTs: nowMs, prevClose: bar.c });
    const rows = await allPages(`${base}/v3/snapshot/options/${encodeURIComponent(u)}?limit=250&apiKey=${encodeURIComponent(apiKey)}`, apiKey, `option snapshot of ${u}`);
    ticks.push(...snapshotTicks(rows, nowMs));
  }
  return ticks;
}
