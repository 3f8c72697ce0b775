// The persisted trading-hours document ({ version, activeByFeed, templates }) and the edits
// on it. Pure: every edit validates and returns a new document or field errors, so a host
// (electron-store in the desktop app, a JSON file in the server host) only stores results.
import type {
  FieldError, TradingHoursDocument, TradingHoursTemplate, Validated,
} from '../../../shared/trading-hours.ts';
import { validateTemplate } from './validate.ts';

export const TRADING_HOURS_DOC_VERSION = 1;

/** Which built-in template each known feed follows until the trader picks another. */
export const DEFAULT_ACTIVE_BY_FEED: Readonly<Record<string, string>> = {
  // The simulator's NSE underlyings follow the NSE template (sessions, holidays) while its
  // clock runs round the clock: the runtime adds the sim feed as 'simulator: always open'.
  sim: 'nse-fo',
  upstox: 'nse-fo',
  openalgo: 'nse-fo',
  massive: 'us-options',
  json: 'crypto-24x7',
};

/** What a host keeps the document in; the server host's file store and the Electron host's electron-store both fit. */
export interface TradingHoursRepository {
  document(): TradingHoursDocument;
  /** Why the stored copy could not be used (and what is in use instead), or null. */
  loadError(): string | null;
  /** Persists a validated document; throws with the cause when it cannot. */
  save(doc: TradingHoursDocument): void;
}

/** The document, validated, for a repository's save(); throws naming every invalid field. */
export function validatedForSave(doc: TradingHoursDocument): TradingHoursDocument {
  const r = validateDocument(doc);
  if (!r.ok) throw new Error(`refusing to save an invalid trading-hours document: ${r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  return r.value;
}

/** The document a first start uses: the built-in templates, each known feed on its default. */
export function defaultDocument(builtIns: TradingHoursTemplate[]): TradingHoursDocument {
  const ids = new Set(builtIns.map((t) => t.id));
  const activeByFeed: Record<string, string> = {};
  for (const [feed, id] of Object.entries(DEFAULT_ACTIVE_BY_FEED)) if (ids.has(id)) activeByFeed[feed] = id;
  return { version: TRADING_HOURS_DOC_VERSION, activeByFeed, templates: [...builtIns] };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const prefix = (p: string, errors: FieldError[]): FieldError[] => errors.map((e) => ({ field: e.field ? `${p}.${e.field}` : p, message: e.message }));

function checkActive(activeByFeed: Record<string, string>, templates: TradingHoursTemplate[]): FieldError[] {
  const ids = new Set(templates.map((t) => t.id));
  return Object.entries(activeByFeed)
    .filter(([, id]) => !ids.has(id))
    .map(([feed, id]) => ({ field: `activeByFeed.${feed}`, message: `names template '${id}', which is not in the document (have: ${[...ids].join(', ')})` }));
}

/** Validates a whole stored document (file, electron-store value or import). */
export function validateDocument(input: unknown): Validated<TradingHoursDocument> {
  if (!isObj(input)) return { ok: false, errors: [{ field: '', message: 'the trading-hours document must be a JSON object { version, activeByFeed, templates }' }] };
  const errors: FieldError[] = [];
  for (const k of Object.keys(input)) {
    if (k !== 'version' && k !== 'activeByFeed' && k !== 'templates') errors.push({ field: k, message: `unknown field '${k}' (expected version, activeByFeed, templates)` });
  }
  if (input.version !== TRADING_HOURS_DOC_VERSION) errors.push({ field: 'version', message: `must be ${TRADING_HOURS_DOC_VERSION}, found ${JSON.stringify(input.version)}` });
  const activeByFeed: Record<string, string> = {};
  if (!isObj(input.activeByFeed)) errors.push({ field: 'activeByFeed', message: 'must be an object { feedId: templateId }' });
  else {
    for (const [feed, id] of Object.entries(input.activeByFeed)) {
      if (typeof id === 'string') activeByFeed[feed] = id;
      else errors.push({ field: `activeByFeed.${feed}`, message: `must be a template id, found ${JSON.stringify(id)}` });
    }
  }
  const templates: TradingHoursTemplate[] = [];
  if (!Array.isArray(input.templates)) errors.push({ field: 'templates', message: 'must be a list of templates' });
  else {
    const seen = new Map<string, number>();
    input.templates.forEach((t, i) => {
      const r = validateTemplate(t);
      if (!r.ok) return void errors.push(...prefix(`templates[${i}]`, r.errors));
      const first = seen.get(r.value.id);
      if (first !== undefined) return void errors.push({ field: `templates[${i}].id`, message: `'${r.value.id}' is already used by templates[${first}]` });
      seen.set(r.value.id, i);
      templates.push(r.value);
    });
    if (errors.length === 0) errors.push(...checkActive(activeByFeed, templates));
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { version: TRADING_HOURS_DOC_VERSION, activeByFeed, templates } };
}

/** Adds a template, or replaces the one with the same id. */
export function putTemplate(doc: TradingHoursDocument, input: unknown): Validated<TradingHoursDocument> {
  const r = validateTemplate(input);
  if (!r.ok) return r;
  const i = doc.templates.findIndex((t) => t.id === r.value.id);
  const templates = i < 0 ? [...doc.templates, r.value] : doc.templates.map((t, j) => (j === i ? r.value : t));
  return { ok: true, value: { ...doc, templates } };
}

export function removeTemplate(doc: TradingHoursDocument, id: string): Validated<TradingHoursDocument> {
  if (!doc.templates.some((t) => t.id === id)) return { ok: false, errors: [{ field: 'template_id', message: `no template '${id}'` }] };
  const users = Object.entries(doc.activeByFeed).filter(([, t]) => t === id).map(([f]) => f);
  if (users.length > 0) return { ok: false, errors: [{ field: 'template_id', message: `'${id}' is active for feed ${users.join(', ')}; activate another template first` }] };
  return { ok: true, value: { ...doc, templates: doc.templates.filter((t) => t.id !== id) } };
}

export function activate(doc: TradingHoursDocument, feed: unknown, id: unknown): Validated<TradingHoursDocument> {
  if (typeof feed !== 'string' || feed === '') return { ok: false, errors: [{ field: 'feed', message: `must be a feed id, found ${JSON.stringify(feed)}` }] };
  if (typeof id !== 'string' || !doc.templates.some((t) => t.id === id)) {
    return { ok: false, errors: [{ field: 'template_id', message: `no template ${JSON.stringify(id)} (have: ${doc.templates.map((t) => t.id).join(', ')})` }] };
  }
  return { ok: true, value: { ...doc, activeByFeed: { ...doc.activeByFeed, [feed]: id } } };
}

/**
 * Imports JSON text holding one template or a whole document. Imported templates replace
 * those with the same id; an imported document's activeByFeed entries are merged in.
 */
export function importJson(doc: TradingHoursDocument, text: string): Validated<TradingHoursDocument> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ field: '', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  if (isObj(json) && 'templates' in json) {
    const r = validateDocument(json);
    if (!r.ok) return r;
    let next = doc;
    for (const t of r.value.templates) {
      const p = putTemplate(next, t);
      if (!p.ok) return p;
      next = p.value;
    }
    return { ok: true, value: { ...next, activeByFeed: { ...next.activeByFeed, ...r.value.activeByFeed } } };
  }
  return putTemplate(doc, json);
}

/** The template a feed follows, or null when the document names none for it. */
export function activeTemplate(doc: TradingHoursDocument, feed: string): TradingHoursTemplate | null {
  const id = doc.activeByFeed[feed];
  return (id && doc.templates.find((t) => t.id === id)) || null;
}
