// Positions, alert rules and the alert log: the shapes the renderer, the local API
// (/api/positions, /api/alerts/*, /api/events) and scripts see. Field names are snake_case
// because they are a public API; the request fields the README names are a contract.
// Runtime: std.

export type PositionSide = 'long' | 'short';

/** How an exit level is given: an absolute premium, points or % away from the entry. */
export type ExitKind = 'price' | 'points' | 'percent';

export interface ExitSpec {
  kind: ExitKind;
  value: number;
}

/** Trailing stop: this many points or % behind the best price since the rule was created. */
export interface TrailSpec {
  kind: 'points' | 'percent';
  value: number;
}

/** What POST /api/positions takes (symbol, side, lots, entry_price are the contract). */
export interface PositionInput {
  symbol: string;
  side: PositionSide;
  lots: number;
  entry_price: number;
  note?: string;
  /** A paper position (no order behind it), e.g. the order ticket's paper buy/sell; default false. */
  paper?: boolean;
  /** Stop-loss and target become rules on the position's premium (LTP). */
  stop_loss?: ExitSpec | null;
  target?: ExitSpec | null;
  trailing_stop?: TrailSpec | null;
}

export interface Position {
  id: string;
  symbol: string;
  instrument_key: string;
  side: PositionSide;
  lots: number;
  /** Units per lot from the instrument master. */
  lot_size: number;
  entry_price: number;
  note: string;
  /** True for a paper position (the ticket's paper buy/sell, or added with paper: true). */
  paper: boolean;
  stop_loss: ExitSpec | null;
  target: ExitSpec | null;
  trailing_stop: TrailSpec | null;
  created_at: number;
}

/** A position with its live figures (null until the instrument has ticked). */
export interface PositionView extends Position {
  ltp: number | null;
  /** ₹ (or $) P&L: (ltp − entry) × lots × lot size, sign by side. */
  pnl: number | null;
  /** P&L per unit in points, sign by side. */
  pnl_points: number | null;
  /** P&L as % of the entry premium. */
  pnl_percent: number | null;
  /** Today's change in value vs the previous close, ₹, sign by side. */
  day_change: number | null;
  /** Position Greeks (units × the chain's per-unit Greeks, sign by side); null when the chain has none. */
  delta: number | null;
  gamma: number | null;
  /** ₹ per calendar day. */
  theta: number | null;
  /** ₹ per vol point. */
  vega: number | null;
  iv: number | null;
}

export interface BookTotals {
  pnl: number;
  day_change: number;
  /** Net Δ in units of the underlying. */
  delta: number;
  gamma: number;
  /** ₹ per day. */
  theta: number;
  /** ₹ per vol point. */
  vega: number;
  /** Positions without a live price or Greeks (left out of the sums). */
  missing: string[];
}

export type RuleField = 'ltp' | 'mid' | 'underlying' | 'iv' | 'pnl';
export type RuleOp = 'above' | 'below';
export type RuleKind = 'level' | 'stop_loss' | 'target' | 'trailing_stop';

/** What POST /api/alerts/rules takes (symbol, field, op, level, repeat are the contract). */
export interface RuleInput {
  symbol: string;
  field: RuleField;
  op: RuleOp;
  /** Price, IV as a decimal (0.18), or P&L in ₹ (or % with pnl_unit 'percent'). */
  level: number;
  repeat?: boolean;
  /** Minimum time between two firings of a repeating rule. Default 60,000. */
  cooldown_ms?: number;
  /** Disarm at the session's close today. */
  expires_at_close?: boolean;
  /** Required for field 'pnl'. */
  position_id?: string;
  pnl_unit?: 'inr' | 'percent';
  note?: string;
}

/**
 * Where a rule is: armed (watching), fired (a once rule that fired), expired (session closed),
 * paused (alerts paused), stale (no tick for 60 s while the market is open), feed_down (the feed is not connected).
 */
export type RuleState = 'armed' | 'fired' | 'expired' | 'paused' | 'stale' | 'feed_down';

export interface AlertRule {
  id: string;
  symbol: string;
  /** The instrument whose ticks the rule watches (the underlying's for field 'underlying'). */
  instrument_key: string;
  field: RuleField;
  op: RuleOp;
  level: number;
  repeat: boolean;
  cooldown_ms: number;
  expires_at: number | null;
  position_id: string | null;
  pnl_unit: 'inr' | 'percent';
  kind: RuleKind;
  trail: TrailSpec | null;
  note: string;
  armed: boolean;
  created_at: number;
  fired_count: number;
  last_fired_at: number | null;
}

export interface RuleView extends AlertRule {
  state: RuleState;
  /** Why the rule is stale or the feed is down, in words. */
  state_reason: string | null;
  /** The watched value now (price, IV or P&L). */
  last_value: number | null;
  last_tick_at: number | null;
}

/** One firing, as the log keeps it (rule_id, symbol, time, price, level are the contract). */
export interface AlertLogEntry {
  id: number;
  rule_id: string;
  symbol: string;
  instrument_key: string;
  field: RuleField;
  op: RuleOp;
  kind: RuleKind;
  /** The tick's exchange time, epoch ms. */
  time: number;
  /** The watched value at the tick (price, IV or P&L). */
  price: number;
  level: number;
  /** P&L of the rule's position at that moment (₹), when the rule has one. */
  pnl: number | null;
  position_id: string | null;
  message: string;
}

export interface PayoffPoint {
  price: number;
  expiry: number;
  today: number | null;
}

export interface PayoffResult {
  /** Underlying name the payoff is drawn against. */
  underlying: string;
  /** Every underlying the selection has positions on (a payoff is drawn against one of them). */
  underlyings: string[];
  /** The expiry the "expiry" curve is drawn at: the nearest of the legs (null: no options). */
  expiry: string | null;
  /**
   * The legs span expiries: the "expiry" curve values the later legs at Black-76 with the time
   * they have left, and breakevens / max profit / max loss are read off the drawn price range.
   */
  sampled: boolean;
  spot: number | null;
  points: PayoffPoint[];
  breakevens: number[];
  /** null = unlimited. */
  max_profit: number | null;
  max_loss: number | null;
  /** Legs priced "today" without an IV (their intrinsic value is used instead). */
  no_iv: string[];
}

/** For the tray (Electron host) and the app header: what the alerts service is doing. */
export interface AlertsSummary {
  armed: number;
  paused: boolean;
  /** A firing nobody has looked at yet (the tray icon changes until seen). */
  unseen: boolean;
  last: AlertLogEntry[];
  /** The alerts database could not be opened: why (everything else answers 'unavailable'). */
  error: string | null;
}

/** Where a contract is shown: its underlying's chain at its expiry and strike (an option), or its chart (an underlying). */
export interface ContractRef {
  symbol: string;
  underlying: string;
  /** null for the underlying itself (shown as a chart, not a chain row). */
  expiry: string | null;
  strike: number | null;
  side: 'CE' | 'PE' | null;
}

export interface CsvImportResult {
  imported: number;
  /** Per-line errors; when any exists nothing was imported. */
  errors: { line: number; message: string }[];
}

export interface AlertsMethods {
  /** Every position, or only the paper (paper: true) or the real (paper: false) ones. */
  'positions.list': { req: { paper?: boolean }; res: PositionView[] };
  'positions.book': { req: { ids?: string[] }; res: { positions: PositionView[]; totals: BookTotals } };
  'positions.add': { req: PositionInput; res: PositionView };
  'positions.update': { req: Partial<PositionInput> & { id: string }; res: PositionView };
  'positions.remove': { req: { id: string }; res: Record<string, never> };
  'positions.import_csv': { req: { csv: string }; res: CsvImportResult };
  'positions.payoff': { req: { ids?: string[]; underlying?: string }; res: PayoffResult };
  'alerts.rules': { req: Record<string, never>; res: RuleView[] };
  'alerts.add_rule': { req: RuleInput; res: RuleView };
  'alerts.update_rule': { req: Partial<RuleInput> & { id: string; armed?: boolean }; res: RuleView };
  'alerts.remove_rule': { req: { id: string }; res: Record<string, never> };
  'alerts.log': { req: { limit?: number }; res: AlertLogEntry[] };
  /** The log as CSV (as GET /api/alerts/log.csv), oldest first. */
  'alerts.log_csv': { req: Record<string, never>; res: { filename: string; csv: string } };
  'alerts.summary': { req: Record<string, never>; res: AlertsSummary };
  'alerts.pause': { req: { paused: boolean }; res: AlertsSummary };
  'alerts.mark_seen': { req: Record<string, never>; res: AlertsSummary };
  /** Where to show a contract (a notification or toast click brings it on screen). */
  'alerts.contract': { req: { symbol: string }; res: ContractRef };
  /** Symbols the registry knows that start with / contain `query` (position form search). */
  'alerts.symbols': { req: { query: string; limit?: number }; res: string[] };
}

/** Pushed to every client when a rule fires ('alert'), and when a desktop notification was clicked ('alert.focus': show that contract). */
export interface AlertPushEvent {
  type: 'alert' | 'alert.focus';
  entry: AlertLogEntry;
}
