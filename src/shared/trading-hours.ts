// Trading-hours templates: the JSON the template files, the persistence document,
// the local API and the settings pane share. Field names are snake_case (public JSON,
// as the chain model); the persistence envelope keeps the `activeByFeed` key agreed
// with the hosts. Runtime: std (no node, no DOM, no electron).

/** Wall-clock time in the template's zone, 'HH:MM' (00:00–23:59; an end may be '24:00'). */
export type WallTime = string;

export interface TimeRange {
  start: WallTime;
  end: WallTime;
}

/** The session kinds of one day, in the order they must occur. */
export const SESSION_KINDS = ['pre_open', 'normal', 'closing'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** Sessions of one day; any may be absent. `closing` is the closing or post-market session. */
export interface DaySessions {
  pre_open?: TimeRange | null;
  normal?: TimeRange | null;
  closing?: TimeRange | null;
}

export interface WeekdaySchedule extends DaySessions {
  /** False: no trading that weekday; any session times kept here are ignored. */
  trades: boolean;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type HolidayKind = 'full' | 'special';

export interface Holiday {
  /** Exchange-local date 'YYYY-MM-DD'. */
  date: string;
  description: string;
  /** 'full': closed all day. 'special': trades only `sessions` (Muhurat, Sunday budget session, early close). */
  kind: HolidayKind;
  /** Required for 'special', absent for 'full'. */
  sessions?: DaySessions;
  /** Source or caveat, shown to the trader. */
  note?: string;
}

/** Different hours on a given expiry day (e.g. index options trading to 16:15). */
export interface ExpiryOverride {
  date: string;
  description: string;
  sessions: DaySessions;
}

export interface TradingHoursTemplate {
  /** Stable id, lowercase letters, digits and dashes, e.g. 'nse-fo'. */
  id: string;
  name: string;
  /** IANA zone the times are written in, e.g. 'Asia/Kolkata'. */
  time_zone: string;
  week: Record<Weekday, WeekdaySchedule>;
  holidays: Holiday[];
  expiry_overrides: ExpiryOverride[];
}

/** What the desktop store (electron-store) and the server host's JSON file hold. */
export interface TradingHoursDocument {
  version: 1;
  /** Feed id → template id, e.g. { upstox: 'nse-fo' }. */
  activeByFeed: Record<string, string>;
  templates: TradingHoursTemplate[];
}

/** One validation failure: `field` is a path such as 'week.mon.normal.start' or 'holidays[3].date'. */
export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// ---- Session clock results ----

/** One concrete session, epoch ms UTC, [start, end). */
export interface SessionInterval {
  kind: SessionKind;
  start: number;
  end: number;
}

export type MarketPhase = SessionKind | 'closed';

/** Why the exchange is closed on its current local day, or 'trading'. */
export type DayType = 'trading' | 'weekend' | 'holiday' | 'special';

export interface Transition {
  at: number;
  from: MarketPhase;
  to: MarketPhase;
}

export interface SessionState {
  at: number;
  phase: MarketPhase;
  /** Exchange-local date at `at`. */
  local_date: string;
  /** Instants of that local day's midnight and the next (23 or 25 h apart on DST days). */
  day_start: number;
  day_end: number;
  day_type: DayType;
  /** The holiday entry of the exchange's local day, if any. */
  holiday: Holiday | null;
  /**
   * The session running now, or null when closed. Back-to-back sessions of one kind are merged
   * (24×7); its start is clipped to the previous local day and, with `next` null, its end is
   * only the clock's look-ahead horizon.
   */
  session: SessionInterval | null;
  /** Next phase change, or null when none within a year (always open or never opens). */
  next: Transition | null;
  /** Next start of a normal session after `at`, or null. */
  next_open: number | null;
  /** Sessions of the exchange's local day (for the 24-hour timeline). */
  today: SessionInterval[];
}

// ---- Scheduler and API ----

/** Where a feed stands in the day's plan: disconnected, connected before the open, or subscribed. */
export type ConnectionPhase = 'offline' | 'connected' | 'active';
export type ForceMode = 'connect' | 'disconnect';
export type PlanAction = 'connect' | 'activate' | 'disconnect';

export interface FeedHoursStatus {
  feed: string;
  template_id: string;
  template_name: string;
  time_zone: string;
  session: SessionState;
  /** What the plan wants now (ignoring a force). */
  planned: ConnectionPhase;
  /** What the scheduler last told the feed. */
  applied: ConnectionPhase;
  forced: ForceMode | null;
  next_action: { at: number; action: PlanAction } | null;
  /** The connection window `now` is in, or the next one: connect at `connect_at`, subscribe at `activate_at`, drop at `disconnect_at`. */
  window: { connect_at: number; activate_at: number; disconnect_at: number } | null;
  last_error: string | null;
  /** Set when this feed's clock runs 24×7 whatever the template says, e.g. 'simulator: always open'; `session` is still the template's. */
  always_open?: string | null;
}

export interface TradingHoursStatus {
  now: number;
  feeds: FeedHoursStatus[];
  /** Clock jumps (sleep/resume, wall-clock changes) seen by the scheduler, newest last (bounded). */
  clock_jumps: { at: number; expected_ms: number; actual_ms: number }[];
}

export interface TradingHoursListing {
  templates: TradingHoursTemplate[];
  activeByFeed: Record<string, string>;
  /** Ids of the templates shipped with Optick. */
  builtin_ids: string[];
  /** Set when the stored file was corrupt or invalid and the last good templates are in use. */
  load_error: string | null;
}

export type TradingHoursResult = { ok: true } | { ok: false; errors: FieldError[] };

/** The renderer-facing methods; the hosts add them to ApiMethods in api.ts. */
export interface TradingHoursMethods {
  'hours.list': { req: Record<string, never>; res: TradingHoursListing };
  'hours.status': { req: Record<string, never>; res: TradingHoursStatus };
  /** Create or replace a template (by id). */
  'hours.put': { req: { template: unknown }; res: TradingHoursResult };
  'hours.remove': { req: { template_id: string }; res: TradingHoursResult };
  'hours.activate': { req: { feed: string; template_id: string }; res: TradingHoursResult };
  'hours.force': { req: { feed: string; mode: ForceMode | null }; res: TradingHoursResult };
  /** Import one template or a whole document, given as JSON text. */
  'hours.import': { req: { json: string }; res: TradingHoursResult };
  /** Parse a holiday CSV into holidays (not saved); the pane merges them into the edited template. */
  'hours.parse_holidays_csv': { req: { csv: string }; res: { holidays: Holiday[]; errors: FieldError[] } };
}
export type TradingHoursMethod = keyof TradingHoursMethods;
