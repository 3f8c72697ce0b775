// Builds the OpenAlgo instrument registry over REST (POST JSON, `apikey` in the body): per
// underlying /api/v1/expiry, then /api/v1/optionchain for each of the nearest `maxExpiries`
// expiries (instruments.ts reads the answers). Errors name the endpoint, underlying and cause;
// the API key never appears in them. Runtime: node (fetch).
import type { OptionContract } from '../../../../shared/market.ts';
import type { InstrumentRegistry } from '../../instruments/registry.ts';
import { redact } from '../common/secret-store.ts';
import { compactExpiry, contractsFromChain, OpenAlgoInstrumentError, openAlgoExchanges, parseListedExpiry, registryFromOpenAlgo } from './instruments.ts';

export interface OpenAlgoRegistryOptions {
  /** The server's REST base, e.g. http://127.0.0.1:5000. */
  hostUrl: string;
  apiKey: string;
  underlyings: readonly string[];
  /** Drop expiries before this date ('YYYY-MM-DD', IST). */
  today: string;
  /** Expiries per underlying (nearest first). Default 6. */
  maxExpiries?: number;
  timeoutMs?: number;
}

async function post(o: OpenAlgoRegistryOptions, path: string, body: Record<string, unknown>): Promise<unknown> {
  const url = `${o.hostUrl.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ apikey: o.apiKey, ...body }),
      signal: AbortSignal.timeout(o.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw new OpenAlgoInstrumentError(`OpenAlgo ${url} failed: ${redact((err as Error).message, [o.apiKey])}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new OpenAlgoInstrumentError(`OpenAlgo ${url} answered HTTP ${res.status} that is not JSON: ${redact(text.slice(0, 80), [o.apiKey])}`);
  }
  const j = json as { status?: unknown; message?: unknown };
  if (!res.ok || j.status !== 'success') {
    throw new OpenAlgoInstrumentError(`OpenAlgo ${path} for ${String(body.symbol ?? body.underlying)}: HTTP ${res.status}, ${redact(String(j.message ?? j.status), [o.apiKey])}`);
  }
  return json;
}

export async function fetchOpenAlgoRegistry(o: OpenAlgoRegistryOptions): Promise<InstrumentRegistry> {
  const chains = new Map<string, OptionContract[]>();
  for (const name of o.underlyings.map((u) => u.toUpperCase())) {
    const ex = openAlgoExchanges(name);
    const listed = await post(o, '/api/v1/expiry', { symbol: name, exchange: ex.options, instrumenttype: 'options' }) as { data?: unknown };
    if (!Array.isArray(listed.data)) throw new OpenAlgoInstrumentError(`OpenAlgo /api/v1/expiry for ${name}: no data list`);
    const expiries = (listed.data as unknown[]).map((e) => parseListedExpiry(String(e))).filter((e) => e >= o.today).sort().slice(0, o.maxExpiries ?? 6);
    const contracts: OptionContract[] = [];
    for (const expiry of expiries) {
      const answer = await post(o, '/api/v1/optionchain', { underlying: name, exchange: ex.underlying, expiry_date: compactExpiry(expiry) });
      contracts.push(...contractsFromChain(name, expiry, answer as object, ex.options));
    }
    chains.set(name, contracts);
  }
  return registryFromOpenAlgo(chains);
}
