// The option calculator's form as the trader types it (strings, percents, days or an expiry
// date/time) and its translation to a `pricing.calc` case (decimals, years). Pure: no DOM, no
// clock of its own (`nowMs` is passed), so tests drive it. Validation is the engine's: a value
// that is not a number is sent as typed and comes back as a field error naming it.
import type { CalculatorModel, IvError } from '../../../shared/pricing.ts';
import { EXCHANGE_TIME_ZONE } from '../../format.ts';

export type ExpiryInput = 'days' | 'date';
/** 'price': σ → premium + Greeks. 'iv': premium → IV + Greeks at that IV. */
export type SolveFor = 'price' | 'iv';

export interface CalcForm {
  model: CalculatorModel;
  type: 'call' | 'put';
  /** F (Black-76) or S (BSM). */
  underlying: string;
  /** Dividend yield q in percent; BSM only. */
  dividendPct: string;
  strike: string;
  expiryInput: ExpiryInput;
  /** Calendar days to expiry (fractions allowed: 1.5 = 36 h). */
  days: string;
  /** Expiry as exchange wall time (IST), 'YYYY-MM-DDTHH:MM' as a datetime-local input gives it. */
  expiryAt: string;
  ratePct: string;
  solveFor: SolveFor;
  volPct: string;
  premium: string;
}

export type FormField = keyof CalcForm;

export const EMPTY_FORM: CalcForm = {
  model: 'black76', type: 'call', underlying: '', dividendPct: '0', strike: '', expiryInput: 'days', days: '',
  expiryAt: '', ratePct: '', solveFor: 'price', volPct: '', premium: '',
};

const MS_PER_YEAR = 365 * 86_400_000;
/** IST is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = 330 * 60_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
export const TIME_ZONE_LABEL = EXCHANGE_TIME_ZONE === 'Asia/Kolkata' ? 'IST' : EXCHANGE_TIME_ZONE;

/** '' → absent; a number → the number; anything else is passed as typed for the engine to name. */
function parsed(text: string): number | string | undefined {
  const t = text.trim().replace(/,/g, '');
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : text;
}
const percent = (text: string): number | string | undefined => {
  const v = parsed(text);
  return typeof v === 'number' ? v / 100 : v;
};

/** Epoch ms of an IST wall time 'YYYY-MM-DDTHH:MM', or null when it is not one. */
export function istWallTimeToEpoch(text: string): number | null {
  const m = WALL_TIME.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59) return null;
  return utc - IST_OFFSET_MS;
}

/** 'YYYY-MM-DDTHH:MM' in IST of an instant (for filling the date input). */
export function epochToIstWallTime(epochMs: number): string {
  return new Date(epochMs + IST_OFFSET_MS).toISOString().slice(0, 16);
}

/** Years to expiry from the form (calendar days / 365, the engine's convention); a string names what is wrong. */
export function yearsToExpiry(form: CalcForm, nowMs: number): number | string | undefined {
  if (form.expiryInput === 'days') {
    const days = parsed(form.days);
    return typeof days === 'number' ? days / 365 : days;
  }
  if (form.expiryAt.trim() === '') return undefined;
  const at = istWallTimeToEpoch(form.expiryAt);
  return at === null ? form.expiryAt : (at - nowMs) / MS_PER_YEAR;
}

/** The case to send: percent → decimal, days/date → years. F or S by model; q only for BSM. */
export function caseOf(form: CalcForm, nowMs: number): Record<string, unknown> {
  const c: Record<string, unknown> = {
    model: form.model, type: form.type,
    [form.model === 'black76' ? 'F' : 'S']: parsed(form.underlying),
    K: parsed(form.strike),
    T: yearsToExpiry(form, nowMs),
    r: percent(form.ratePct),
  };
  if (form.model === 'bsm') c.q = percent(form.dividendPct);
  if (form.solveFor === 'price') c.sigma = percent(form.volPct); else c.price = parsed(form.premium);
  return c;
}

/** The form field an engine error names (F/S, K, T, r, q, sigma, price), or null for the case as a whole. */
export function fieldOfError(field: string, form: CalcForm): FormField | null {
  switch (field) {
    case 'F': case 'S': return 'underlying';
    case 'K': return 'strike';
    case 'T': return form.expiryInput === 'days' ? 'days' : 'expiryAt';
    case 'r': return 'ratePct';
    case 'q': return 'dividendPct';
    case 'sigma': return 'volPct';
    case 'price': return 'premium';
    case 'model': case 'type': return field;
    default: return null;
  }
}

/** The engine's message without its "case 0: " prefix (the calculator sends one case). */
export const errorText = (message: string): string => message.replace(/^case \d+: /, '');

const IV_ERRORS: Record<IvError, string> = {
  below_intrinsic: 'No IV: the premium is below intrinsic value — no volatility gives a price that low',
  above_maximum: 'No IV: the premium is above the most the option can be worth (the discounted forward for a call, the discounted strike for a put)',
  no_time_left: 'No IV: no time left to expiry — the option is worth its intrinsic value only',
  no_quote: 'No IV: there is no premium to solve from',
  bad_input: 'No IV: the inputs cannot be priced',
};
export const ivErrorText = (error: IvError): string => IV_ERRORS[error] ?? `No IV (${error})`;
