// Handlers for the trading-hours part of the local API and the renderer contract. Pure:
// the hosts mount them (HTTP routes in host/http/routes/trading-hours.ts, the hours.* methods over IPC/WS).
// Edits validate, persist through the repository, then hand changed templates to the
// scheduler; validation failures come back as { ok: false, errors: [{ field, message }] }.
import type {
  ForceMode, TradingHoursDocument, TradingHoursListing, TradingHoursMethod, TradingHoursMethods,
  TradingHoursResult, TradingHoursStatus, Validated,
} from '../../../shared/trading-hours.ts';
import { parseHolidayCsv } from './csv.ts';
import {
  activate, activeTemplate, importJson, putTemplate, removeTemplate, type TradingHoursRepository,
} from './document.ts';
import type { SessionScheduler } from './scheduler.ts';

export interface TradingHoursApiDeps {
  store: TradingHoursRepository;
  scheduler: SessionScheduler;
  builtInIds: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (field: string, message: string): TradingHoursResult => ({ ok: false, errors: [{ field, message }] });

export function tradingHoursApi({ store, scheduler, builtInIds }: TradingHoursApiDeps) {
  /** Persists an edit and gives every scheduled feed its (possibly new) active template. */
  const commit = (r: Validated<TradingHoursDocument>): TradingHoursResult => {
    if (!r.ok) return r;
    try {
      store.save(r.value);
    } catch (e) {
      return bad('', `could not save trading hours: ${(e as Error).message}`);
    }
    syncScheduler();
    return { ok: true };
  };
  const syncScheduler = (): void => {
    const doc = store.document();
    for (const feed of scheduler.feeds()) {
      const t = activeTemplate(doc, feed);
      if (t && scheduler.templateOf(feed) !== t) scheduler.setTemplate(feed, t);
    }
  };

  const api = {
    list(): TradingHoursListing {
      const doc = store.document();
      return { templates: doc.templates, activeByFeed: doc.activeByFeed, builtin_ids: builtInIds, load_error: store.loadError() };
    },
    status(): TradingHoursStatus {
      return scheduler.status();
    },
    /** Body: a template, or { template }. */
    put(body: unknown): TradingHoursResult {
      const template = isObj(body) && 'template' in body ? body.template : body;
      return commit(putTemplate(store.document(), template));
    },
    remove(body: unknown): TradingHoursResult {
      const id = isObj(body) ? body.template_id : undefined;
      if (typeof id !== 'string') return bad('template_id', 'must be a template id');
      return commit(removeTemplate(store.document(), id));
    },
    activate(body: unknown): TradingHoursResult {
      if (!isObj(body)) return bad('', 'expected { feed, template_id }');
      return commit(activate(store.document(), body.feed, body.template_id));
    },
    force(body: unknown): TradingHoursResult {
      if (!isObj(body)) return bad('', 'expected { feed, mode }');
      const { feed, mode } = body;
      if (typeof feed !== 'string' || !scheduler.feeds().includes(feed)) return bad('feed', `no scheduled feed ${JSON.stringify(feed)} (have: ${scheduler.feeds().join(', ') || 'none'})`);
      if (mode !== 'connect' && mode !== 'disconnect' && mode !== null) return bad('mode', `must be 'connect', 'disconnect' or null, found ${JSON.stringify(mode)}`);
      scheduler.force(feed, mode as ForceMode | null);
      return { ok: true };
    },
    import(body: unknown): TradingHoursResult {
      const json = isObj(body) ? body.json : body;
      if (typeof json !== 'string') return bad('json', 'must be the JSON text of a template or a document');
      return commit(importJson(store.document(), json));
    },
    export(): TradingHoursDocument {
      return store.document();
    },
    parseHolidaysCsv(body: unknown): TradingHoursMethods['hours.parse_holidays_csv']['res'] {
      const csv = isObj(body) ? body.csv : body;
      if (typeof csv !== 'string') return { holidays: [], errors: [{ field: 'csv', message: 'must be CSV text' }] };
      return parseHolidayCsv(csv);
    },
  };

  const methods: { [M in TradingHoursMethod]: (req: unknown) => TradingHoursMethods[M]['res'] } = {
    'hours.list': () => api.list(),
    'hours.status': () => api.status(),
    'hours.put': (r) => api.put(r),
    'hours.remove': (r) => api.remove(r),
    'hours.activate': (r) => api.activate(r),
    'hours.force': (r) => api.force(r),
    'hours.import': (r) => api.import(r),
    'hours.parse_holidays_csv': (r) => api.parseHolidaysCsv(r),
  };

  return {
    ...api,
    /** Dispatches a contract method (hours.*); throws RangeError for an unknown one. */
    call(method: string, req: unknown): unknown {
      const m = Object.hasOwn(methods, method) ? methods[method as TradingHoursMethod] : undefined;
      if (!m) throw new RangeError(`unknown trading-hours method '${method}'`);
      return m(req);
    },
  };
}

export type TradingHoursApi = ReturnType<typeof tradingHoursApi>;
