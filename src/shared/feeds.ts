// Which feeds an Optick runs and which underlyings each carries: `--feed upstox,openalgo` and
// `--underlyings NIFTY@openalgo,BANKNIFTY`. The one parser both the CLI and scripts use.
// Rules: feeds are listed once each, in the order given; an underlying pinned with `@feed` goes
// to that feed, an unpinned one to the first feed listed; without --underlyings each feed gets
// its kind's default underlyings not already taken by an earlier feed; a feed left with none is
// an error naming it. Runtime: std.

/** Every feed kind `--feed` accepts. Adding a venue: add its kind here and its row in FEED_KINDS. */
export type FeedKind = 'sim' | 'upstox' | 'openalgo' | 'massive' | 'json';

export interface FeedKindInfo {
  kind: FeedKind;
  /** What the trader reads: 'OpenAlgo server (NSE via your broker)'. */
  title: string;
  /** Underlyings it carries when --underlyings is not given. */
  defaultUnderlyings: readonly string[];
}

export const FEED_KINDS: readonly FeedKindInfo[] = [
  { kind: 'sim', title: 'built-in simulator (Upstox V3 protocol)', defaultUnderlyings: ['NIFTY', 'BANKNIFTY'] },
  { kind: 'upstox', title: 'Upstox account (Market Data Feed V3)', defaultUnderlyings: ['NIFTY', 'BANKNIFTY'] },
  { kind: 'openalgo', title: 'OpenAlgo server (NSE via your broker; the simulator when no API key is set)', defaultUnderlyings: ['NIFTY', 'BANKNIFTY'] },
  { kind: 'massive', title: 'Massive (Polygon) US options', defaultUnderlyings: ['SPY', 'QQQ', 'AAPL'] },
  { kind: 'json', title: 'JSON price stream (Bluefin Pro shapes)', defaultUnderlyings: ['BTC-PERP', 'ETH-PERP'] },
];

/** One feed of a running Optick and the underlyings it carries (upper case). */
export interface FeedAssignment {
  kind: FeedKind;
  underlyings: string[];
}

export class FeedOptionError extends Error {
  override name = 'FeedOptionError';
}

const kindInfo = (kind: string): FeedKindInfo | undefined => FEED_KINDS.find((k) => k.kind === kind);
const known = (): string => FEED_KINDS.map((k) => k.kind).join(', ');

/** `'upstox,openalgo'` → ['upstox', 'openalgo']; unknown, empty or repeated kinds throw FeedOptionError. */
export function parseFeedList(raw: string): FeedKind[] {
  const kinds = raw.split(',').map((s) => s.trim().toLowerCase());
  if (kinds.some((k) => k === '')) throw new FeedOptionError(`--feed takes feed kinds separated by commas (${known()}), got '${raw}'`);
  const out: FeedKind[] = [];
  for (const k of kinds) {
    const info = kindInfo(k);
    if (!info) throw new FeedOptionError(`--feed: unknown feed '${k}' (known: ${known()})`);
    if (out.includes(info.kind)) throw new FeedOptionError(`--feed lists '${k}' twice`);
    out.push(info.kind);
  }
  return out;
}

/**
 * Gives each feed its underlyings. `underlyings` is the --underlyings text split on commas
 * (`NIFTY`, `NIFTY@openalgo`), or null for every feed's defaults.
 */
export function assignUnderlyings(feeds: readonly FeedKind[], underlyings: readonly string[] | null): FeedAssignment[] {
  if (feeds.length === 0) throw new FeedOptionError('no feed given');
  const out: FeedAssignment[] = feeds.map((kind) => ({ kind, underlyings: [] }));
  const taken = new Map<string, FeedKind>();
  const give = (name: string, kind: FeedKind): void => {
    const had = taken.get(name);
    if (had !== undefined) throw new FeedOptionError(`--underlyings: ${name} is given to both ${had} and ${kind}; one underlying comes from one feed`);
    taken.set(name, kind);
    out.find((a) => a.kind === kind)!.underlyings.push(name);
  };
  if (underlyings === null) {
    for (const kind of feeds) for (const name of kindInfo(kind)!.defaultUnderlyings) if (!taken.has(name)) give(name, kind);
  } else {
    for (const raw of underlyings) {
      const text = raw.trim();
      if (!text) continue;
      const [name, pin, extra] = text.split('@').map((s) => s.trim());
      if (extra !== undefined || !name || pin === '') throw new FeedOptionError(`--underlyings: '${text}' is not NAME or NAME@feed`);
      const kind = pin === undefined ? feeds[0]! : (pin.toLowerCase() as FeedKind);
      if (!feeds.includes(kind)) throw new FeedOptionError(`--underlyings: ${name}@${pin} names a feed not in --feed (${feeds.join(', ')})`);
      give(name.toUpperCase(), kind);
    }
  }
  const idle = out.find((a) => a.underlyings.length === 0);
  if (idle) {
    throw new FeedOptionError(`feed ${idle.kind} carries no underlying: give it some, e.g. --underlyings ${kindInfo(idle.kind)!.defaultUnderlyings[0] ?? 'NAME'}@${idle.kind}`);
  }
  return out;
}
