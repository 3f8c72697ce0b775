// Input of positions and rules from the UI, the local API and CSV imports, pure: each bad
// field is refused with its name and why, before anything is saved. Runtime: std.
import type { ExitSpec, PositionInput, RuleField, RuleInput, TrailSpec } from '../../../shared/alerts.ts';
import { BadRequestError } from '../engine.ts';
import { exitProblem } from './levels.ts';

/** A field of a position or rule that cannot be accepted; nothing was saved. */
export class AlertInputError extends BadRequestError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'AlertInputError';
    this.field = field;
  }
}

const FIELDS: readonly RuleField[] = ['ltp', 'mid', 'underlying', 'iv', 'pnl'];
type Raw = Record<string, unknown>;

function obj(raw: unknown, what: string): Raw {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new AlertInputError('body', `${what} must be a JSON object`);
  return raw as Raw;
}

/** r[field] as a finite number passing `check`; errors name it `name` (e.g. 'target.value'). */
function finite(r: Raw, field: string, check: (n: number) => string | null, name = field): number {
  const v = r[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AlertInputError(name, `must be a number, got ${JSON.stringify(v) ?? 'nothing'}`);
  const problem = check(v);
  if (problem) throw new AlertInputError(name, problem);
  return v;
}

const positive = (n: number) => (n > 0 ? null : `must be above zero, got ${n}`);
const nonNegative = (n: number) => (n >= 0 ? null : `must not be negative, got ${n}`);

function symbolOf(r: Raw): string {
  const s = r.symbol;
  if (typeof s !== 'string' || !s.trim()) throw new AlertInputError('symbol', 'must name an instrument (an option symbol as the chain shows it, or an underlying)');
  return s.trim();
}

function exitSpec(r: Raw, field: 'stop_loss' | 'target'): ExitSpec | null {
  const v = r[field];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return { kind: 'price', value: finite(r, field, positive) };
  const o = obj(v, field);
  if (o.kind !== 'price' && o.kind !== 'points' && o.kind !== 'percent') throw new AlertInputError(`${field}.kind`, `must be 'price', 'points' or 'percent', got ${JSON.stringify(o.kind)}`);
  return { kind: o.kind, value: finite(o, 'value', positive, `${field}.value`) };
}

function trailSpec(r: Raw): TrailSpec | null {
  const v = r.trailing_stop;
  if (v === undefined || v === null) return null;
  const o = obj(v, 'trailing_stop');
  if (o.kind !== 'points' && o.kind !== 'percent') throw new AlertInputError('trailing_stop.kind', `must be 'points' or 'percent', got ${JSON.stringify(o.kind)}`);
  return { kind: o.kind, value: finite(o, 'value', (n) => (n > 0 && (o.kind === 'points' || n < 100) ? null : `must be above zero${o.kind === 'percent' ? ' and below 100' : ''}, got ${n}`), 'trailing_stop.value') };
}

/** A position as the API takes it; `base` fills fields an update leaves out. */
export function parsePosition(raw: unknown, base?: PositionInput): PositionInput {
  const r = { ...base, ...obj(raw, 'a position') } as Raw;
  const symbol = symbolOf(r);
  if (r.side !== 'long' && r.side !== 'short') throw new AlertInputError('side', `must be 'long' or 'short', got ${JSON.stringify(r.side) ?? 'nothing'}`);
  const lots = finite(r, 'lots', positive);
  const entry = finite(r, 'entry_price', nonNegative);
  if (r.note !== undefined && typeof r.note !== 'string') throw new AlertInputError('note', 'must be text');
  if (r.paper !== undefined && typeof r.paper !== 'boolean') throw new AlertInputError('paper', `must be true or false, got ${JSON.stringify(r.paper)}`);
  const sl = exitSpec(r, 'stop_loss');
  const target = exitSpec(r, 'target');
  const trail = trailSpec(r);
  const problem = exitProblem(r.side, entry, sl, target);
  if (problem) throw new AlertInputError(problem.field, problem.message);
  return { symbol, side: r.side, lots, entry_price: entry, note: (r.note as string | undefined) ?? '', paper: (r.paper as boolean | undefined) ?? false, stop_loss: sl, target, trailing_stop: trail };
}

/** The positions list's paper filter: absent = all; true / 'true' = paper only; false / 'false' = real only. */
export function paperFilter(v: unknown): boolean | undefined {
  if (v === undefined || typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new AlertInputError('paper', `must be true or false, got ${JSON.stringify(v)}`);
}

/** A rule as the API takes it; `base` fills fields an update leaves out. */
export function parseRule(raw: unknown, base?: RuleInput): RuleInput {
  const r = { ...base, ...obj(raw, 'a rule') } as Raw;
  const symbol = symbolOf(r);
  if (!FIELDS.includes(r.field as RuleField)) throw new AlertInputError('field', `must be one of ${FIELDS.join(', ')}, got ${JSON.stringify(r.field) ?? 'nothing'}`);
  if (r.op !== 'above' && r.op !== 'below') throw new AlertInputError('op', `must be 'above' or 'below', got ${JSON.stringify(r.op) ?? 'nothing'}`);
  const field = r.field as RuleField;
  const level = finite(r, 'level', field === 'pnl' ? () => null : positive);
  if (r.repeat !== undefined && typeof r.repeat !== 'boolean') throw new AlertInputError('repeat', `must be true or false, got ${JSON.stringify(r.repeat)}`);
  const cooldown = r.cooldown_ms === undefined ? 60_000 : finite(r, 'cooldown_ms', nonNegative);
  if (r.expires_at_close !== undefined && typeof r.expires_at_close !== 'boolean') throw new AlertInputError('expires_at_close', 'must be true or false');
  if (field === 'pnl' && (typeof r.position_id !== 'string' || !r.position_id)) throw new AlertInputError('position_id', "a 'pnl' rule needs the id of its position");
  if (r.position_id !== undefined && r.position_id !== null && typeof r.position_id !== 'string') throw new AlertInputError('position_id', 'must be a position id');
  if (r.pnl_unit !== undefined && r.pnl_unit !== 'inr' && r.pnl_unit !== 'percent') throw new AlertInputError('pnl_unit', `must be 'inr' or 'percent', got ${JSON.stringify(r.pnl_unit)}`);
  if (r.note !== undefined && typeof r.note !== 'string') throw new AlertInputError('note', 'must be text');
  return {
    symbol, field, op: r.op, level, repeat: (r.repeat as boolean | undefined) ?? false, cooldown_ms: cooldown,
    expires_at_close: (r.expires_at_close as boolean | undefined) ?? false,
    ...(typeof r.position_id === 'string' && { position_id: r.position_id }),
    pnl_unit: (r.pnl_unit as 'inr' | 'percent' | undefined) ?? 'inr', note: (r.note as string | undefined) ?? '',
  };
}
