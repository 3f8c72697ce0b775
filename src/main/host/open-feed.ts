// Opens one live feed of a running Optick by kind: its instrument registry and its adapter.
// The runtime calls this once per `--feed` entry and merges the results. A new venue adds its
// case here (and its kind in src/shared/feeds.ts). Runtime: node.
import type { FeedKind } from '../../shared/feeds.ts';
import type { FeedAdapter } from '../engine/feeds/feed.ts';
import type { FailoverOptions } from '../engine/feeds/common/feed-connection.ts';
import type { SecretStore } from '../engine/feeds/common/secret-store.ts';
import { OpenAlgoAccount, type OpenAlgoEndpointConfig } from '../engine/feeds/openalgo/account-node.ts';
import { failoverOf } from '../engine/feeds/openalgo/account-settings.ts';
import { fetchOpenAlgoRegistry } from '../engine/feeds/openalgo/instruments-node.ts';
import { OpenAlgoFeed } from '../engine/feeds/openalgo/openalgo-feed.ts';
import { fetchUpstoxMaster } from '../engine/feeds/upstox/instrument-master-node.ts';
import { NSE_TIME_ZONE } from '../engine/feeds/upstox/instrument-master.ts';
import { UpstoxFeed } from '../engine/feeds/upstox/upstox-feed.ts';
import type { UpstoxAccount } from '../engine/feeds/upstox/account-node.ts';
import type { InstrumentRegistry } from '../engine/instruments/registry.ts';
import type { Logger } from '../engine/log.ts';
import { zonedDate } from '../engine/time/zoned.ts';
import type { SimulatorHandle } from '../sim/index.ts';
import type { UsSimHandle } from '../sim/us-sim.ts';
import { MassiveFeed } from '../engine/feeds/massive/massive-feed.ts';
import { fetchMassiveOpening, fetchMassiveRegistry } from '../engine/feeds/massive/instruments-node.ts';
import { MASSIVE_API_KEY_ENV, MASSIVE_API_KEY_SECRET, MASSIVE_SETTINGS_FILE, readMassiveSettings, SIMULATOR } from '../engine/feeds/massive/account-settings.ts';
import { JsonStreamFeed } from '../engine/feeds/json-stream/json-stream-feed.ts';
import { readJsonStreamSettings } from '../engine/feeds/json-stream/account-settings.ts';
import { streamRegistry } from '../engine/feeds/json-stream/instruments.ts';

/** One live feed's configuration (the runtime's FeedConfig without replay). */
export type LiveFeedConfig =
  | { kind: 'sim'; seed?: number; rate?: number; underlyings?: string[] }
  /** Upstox: URLs and token default to the account's settings and login (<dataDir>/upstox.json, SecretStore). */
  | { kind: 'upstox'; feedUrl?: string; instrumentsUrl?: string; accessToken?: string; underlyings?: string[] }
  /**
   * OpenAlgo: endpoints in priority order (failover); default the servers of <dataDir>/openalgo.json
   * with their stored API keys, and with no key stored the simulator's OpenAlgo endpoint.
   */
  | { kind: 'openalgo'; endpoints?: OpenAlgoEndpointConfig[]; failover?: Partial<FailoverOptions>; maxSymbols?: number; stallMs?: number; minBackoffMs?: number; underlyings?: string[] }
  /** Massive US options: DATA_DIR/massive.json (default: the built-in simulator), the API key from the SecretStore or OPTICK_MASSIVE_API_KEY. */
  | { kind: 'massive'; seed?: number; underlyings?: string[] }
  /** A JSON price stream (Bluefin Pro shapes): DATA_DIR/jsonstream.json (default: the built-in simulator). */
  | { kind: 'json'; seed?: number; underlyings?: string[] };

export interface OpenFeedContext {
  log: Logger;
  dataDir: string;
  secrets: SecretStore;
  upstox: UpstoxAccount;
  /** The one simulator of this runtime, started on first use. */
  simulator: () => Promise<SimulatorHandle>;
  /** Whether the market is in session now (stall detection runs only then). */
  inSession: () => boolean;
  /** False when other feeds run beside this one: then each feed's id must be its kind. */
  alone: boolean;
  /** The US options + crypto simulator (Massive and the JSON stream), started on first use. */
  usSimulator: () => Promise<UsSimHandle>;
  /** A problem the trader must see (a bad settings file). */
  problem: (id: string, message: string) => void;
}

export interface OpenedFeed {
  kind: FeedKind;
  feed: FeedAdapter;
  registry: InstrumentRegistry;
  /** What the log and status call this feed, e.g. 'simulator (Upstox V3 protocol)'. */
  name: string;
  /** True when this feed streams from the built-in simulator. */
  simulated: boolean;
}

export async function openFeed(config: LiveFeedConfig, underlyings: readonly string[], ctx: OpenFeedContext): Promise<OpenedFeed> {
  const { log } = ctx;
  switch (config.kind) {
    case 'sim': {
      const sim = await ctx.simulator();
      const registry = await fetchUpstoxMaster(sim.instrumentsUrl, { underlyings, today: zonedDate(Date.now(), NSE_TIME_ZONE) });
      // Alone, the simulator's feed reports as 'upstox' (the protocol it speaks), as it always has.
      const feed = new UpstoxFeed({ ...(!ctx.alone && { id: 'sim' }), feedUrl: sim.feedUrl, accessToken: sim.token, log, isInSession: ctx.inSession });
      return { kind: 'sim', feed, registry, name: 'simulator (Upstox V3 protocol)', simulated: true };
    }
    case 'upstox': {
      const s = ctx.upstox.settings();
      const registry = (await ctx.upstox.loadInstruments(underlyings, config.instrumentsUrl ?? s.instruments_url)).registry;
      const feed = new UpstoxFeed({
        feedUrl: config.feedUrl ?? s.feed_url, accessToken: config.accessToken ?? ctx.upstox.accessToken(), log, isInSession: ctx.inSession,
        stallMs: s.stall_ms, onAuthRejected: (status: number) => ctx.upstox.tokenRejected(status),
      });
      return { kind: 'upstox', feed, registry, name: 'upstox', simulated: false };
    }
    case 'massive': {
      const { settings: s, problem } = readMassiveSettings(ctx.dataDir);
      if (problem) ctx.problem('massive:settings', problem);
      const simulated = s.ws_base === SIMULATOR || s.rest_base === SIMULATOR;
      const sim = simulated ? await ctx.usSimulator() : null;
      const wsBase = sim ? sim.massiveWsBase : s.ws_base;
      const restBase = sim ? sim.baseUrl : s.rest_base;
      const apiKey = sim ? sim.apiKey : ctx.secrets.get(MASSIVE_API_KEY_SECRET) ?? process.env[MASSIVE_API_KEY_ENV] ?? '';
      if (!apiKey) throw new RangeError(`massive: no API key: set ${MASSIVE_API_KEY_ENV} or the secret '${MASSIVE_API_KEY_SECRET}' (endpoints in ${MASSIVE_SETTINGS_FILE})`);
      const { registry, skipped } = await fetchMassiveRegistry(restBase, apiKey, underlyings);
      for (const why of skipped) log('warn', `massive: ${why}`);
      const feed = new MassiveFeed({
        endpoints: [{ label: sim ? 'simulator' : wsBase, wsBase, apiKey }], fmv: s.fmv, stallMs: s.stall_ms, log, isInSession: ctx.inSession,
        opening: () => fetchMassiveOpening(restBase, apiKey, registry.underlyings().map((u) => u.name)),
      });
      return { kind: 'massive', feed, registry, name: sim ? 'simulator (Massive protocol)' : 'massive', simulated };
    }
    case 'json': {
      const { settings: s, problem } = readJsonStreamSettings(ctx.dataDir);
      if (problem) ctx.problem('json:settings', problem);
      const sim = s.url === SIMULATOR ? await ctx.usSimulator() : null;
      const url = sim ? sim.jsonStreamUrl : s.url;
      const feed = new JsonStreamFeed({
        endpoints: [{ label: sim ? 'simulator' : url, url }], subscribeTemplate: s.subscribe_template, pingMessage: s.ping_message, pingMs: s.ping_ms,
        stallMs: s.stall_ms, qtyStep: s.qty_step, log, isInSession: ctx.inSession,
      });
      return { kind: 'json', feed, registry: streamRegistry(underlyings, s.qty_step), name: sim ? 'simulator (JSON price stream)' : 'json', simulated: sim !== null };
    }
    case 'openalgo': {
      const account = new OpenAlgoAccount(ctx.dataDir, ctx.secrets);
      const s = account.settings;
      let endpoints = config.endpoints ?? account.endpoints();
      const simulated = endpoints.length === 0;
      if (simulated) {
        const sim = await ctx.simulator();
        endpoints = sim.openalgo.map((e, i) => ({ ...e, label: `simulator OpenAlgo ${i + 1}` }));
        log('info', `openalgo: no API key stored for ${account.path}; streaming from the simulator's OpenAlgo server ${endpoints[0]!.wsUrl}`);
      }
      const primary = endpoints[0]!;
      const registry = await fetchOpenAlgoRegistry({ hostUrl: primary.hostUrl, apiKey: primary.apiKey, underlyings, today: zonedDate(Date.now(), NSE_TIME_ZONE) });
      const feed = new OpenAlgoFeed({
        endpoints, log, isInSession: ctx.inSession, maxSymbols: config.maxSymbols ?? s.max_symbols, stallMs: config.stallMs ?? s.stall_ms,
        failover: config.failover ?? failoverOf(s), ...(config.minBackoffMs !== undefined && { minBackoffMs: config.minBackoffMs }),
      });
      return { kind: 'openalgo', feed, registry, name: simulated ? 'simulator (OpenAlgo protocol)' : 'openalgo', simulated };
    }
  }
}
