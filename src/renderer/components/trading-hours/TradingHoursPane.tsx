// Settings pane for trading hours: templates on the left; on the right the live state of
// each feed with today's timeline, and the editor (weekly table, holidays, expiry days) for
// the selected template. Edits stay a local draft until Apply (hours.put), whose field
// errors are shown at the inputs they name. Self-contained: the app injects `call`.
import { useCallback, useEffect, useState } from 'react';
import type {
  FieldError, ForceMode, TradingHoursListing, TradingHoursResult, TradingHoursStatus, TradingHoursTemplate,
} from '../../../shared/trading-hours.ts';
import { ExpiryOverrides } from './ExpiryOverrides.tsx';
import { download, pickFileText } from './file-io.ts';
import { HolidayList } from './HolidayList.tsx';
import { LiveState } from './LiveState.tsx';
import { clone, copyOf, errorAt, type HoursCall } from './model.ts';
import { WeekTable } from './WeekTable.tsx';
import './trading-hours.css';

export type { HoursCall } from './model.ts';

const STATUS_POLL_MS = 15_000;
type Tab = 'week' | 'holidays' | 'expiry';

export function TradingHoursPane({ call }: { call: HoursCall }) {
  const [listing, setListing] = useState<TradingHoursListing | null>(null);
  const [status, setStatus] = useState<TradingHoursStatus | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<TradingHoursTemplate | null>(null);
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [tab, setTab] = useState<Tab>('week');
  const [feedToActivate, setFeedToActivate] = useState('');

  const say = useCallback((text: string, error: boolean) => setNotice({ text, error }), []);
  const fail = useCallback((e: unknown) => say(`Trading hours: ${e instanceof Error ? e.message : String(e)}`, true), [say]);

  const refresh = useCallback(async () => {
    const [l, s] = await Promise.all([call('hours.list', {}), call('hours.status', {})]);
    setListing(l);
    setStatus(s);
    return l;
  }, [call]);

  useEffect(() => {
    refresh().then((l) => setSelected((cur) => cur ?? l.templates[0]?.id ?? null), fail);
    const poll = setInterval(() => { call('hours.status', {}).then(setStatus, fail); }, STATUS_POLL_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => { clearInterval(poll); clearInterval(tick); };
  }, [call, refresh, fail]);

  // A fresh draft whenever another template is picked or the stored copy changes, unless edited.
  const stored = listing?.templates.find((t) => t.id === selected) ?? null;
  useEffect(() => {
    if (!dirty) { setDraft(stored ? clone(stored) : null); setErrors([]); }
  }, [stored, dirty]);

  const edit = (next: TradingHoursTemplate) => { setDraft(next); setDirty(true); };
  const pick = (id: string) => {
    if (dirty && !window.confirm('Discard unsaved changes to this template?')) return;
    setDirty(false); setSelected(id); setErrors([]);
  };
  /** Runs an edit call; on success refreshes, on failure shows the errors at their fields. */
  const run = async (what: string, p: Promise<TradingHoursResult>, after?: () => void) => {
    try {
      const r = await p;
      if (!r.ok) { setErrors(r.errors); say(`${what} refused: ${r.errors.length} problem${r.errors.length > 1 ? 's' : ''} (marked below)`, true); return; }
      // Refresh first, then drop the draft: the fresh stored copy replaces it, never the stale one.
      setErrors([]); await refresh(); after?.(); say(`${what}: done`, false);
    } catch (e) { fail(e); }
  };

  const apply = () => draft && run('Apply', call('hours.put', { template: draft }), () => setDirty(false));
  const activate = () => draft && feedToActivate && run(`Activate for ${feedToActivate}`, call('hours.activate', { feed: feedToActivate, template_id: draft.id }));
  const force = (feed: string, mode: ForceMode | null) => void run(mode ? `Force ${mode} ${feed}` : `${feed} back to schedule`, call('hours.force', { feed, mode }));
  const remove = () => stored && window.confirm(`Delete template "${stored.name}"?`) && run('Delete', call('hours.remove', { template_id: stored.id }), () => { setDirty(false); setSelected(null); });
  const duplicate = () => { if (draft && listing) { const c = copyOf(draft, listing.templates.map((t) => t.id)); setSelected(c.id); setDraft(c); setDirty(true); } };
  const importJson = async () => {
    try {
      const json = await pickFileText('.json,application/json');
      if (json !== null) await run('Import', call('hours.import', { json }));
    } catch (e) { fail(e); }
  };
  const exportAll = () => listing && download('optick-trading-hours.json', JSON.stringify({ version: 1, activeByFeed: listing.activeByFeed, templates: listing.templates }, null, 2));

  const feeds = [...new Set([...(status?.feeds.map((f) => f.feed) ?? []), ...Object.keys(listing?.activeByFeed ?? {})])].sort();
  const activeFor = (id: string) => Object.entries(listing?.activeByFeed ?? {}).filter(([, t]) => t === id).map(([f]) => f);

  return (
    <section className="th-pane" data-testid="trading-hours-pane">
      <aside className="th-list">
        <div className="th-list-head">Templates</div>
        {listing?.templates.map((t) => (
          <button type="button" key={t.id} data-testid={`th-template-${t.id}`} className={`th-item${t.id === selected ? ' selected' : ''}`} onClick={() => pick(t.id)}>
            <span>{t.name}</span>
            <span className="th-muted">{t.time_zone}{listing.builtin_ids.includes(t.id) ? ' · built-in' : ''}</span>
            {activeFor(t.id).length > 0 && <span className="th-badges">{activeFor(t.id).map((f) => <b key={f}>{f}</b>)}</span>}
          </button>
        ))}
        {draft && !listing?.templates.some((t) => t.id === draft.id) && <div className="th-item selected">{draft.name} <span className="th-muted">unsaved</span></div>}
        <div className="th-list-actions">
          <button type="button" onClick={() => void importJson()}>Import JSON…</button>
          <button type="button" onClick={exportAll} disabled={!listing}>Export all</button>
        </div>
      </aside>
      <div className="th-main">
        {listing?.load_error && <div className="th-error" data-testid="th-load-error">{listing.load_error}</div>}
        {notice && <div className={notice.error ? 'th-error' : 'th-notice'} data-testid="th-notice" onClick={() => setNotice(null)}>{notice.text}</div>}
        <LiveState status={status} now={now} onForce={force} />
        {draft && (
          <div className="th-editor">
            <div className="th-toolbar">
              <label>Name <input value={draft.name} className={errorAt(errors, 'name') ? 'invalid' : ''} onChange={(e) => edit({ ...draft, name: e.target.value })} /></label>
              <label>Id <input value={draft.id} className={errorAt(errors, 'id') ? 'invalid' : ''} disabled={!!stored && stored.id === draft.id}
                onChange={(e) => edit({ ...draft, id: e.target.value })} /></label>
              <label>Time zone <input value={draft.time_zone} className={errorAt(errors, 'time_zone') ? 'invalid' : ''} title={errorAt(errors, 'time_zone') ?? 'IANA zone, e.g. Asia/Kolkata'}
                onChange={(e) => edit({ ...draft, time_zone: e.target.value })} /></label>
              <span className="th-spacer" />
              <button type="button" className="th-primary" data-testid="th-apply" disabled={!dirty} onClick={() => void apply()}>Apply</button>
              <button type="button" disabled={!dirty} onClick={() => { setDirty(false); setErrors([]); }}>Revert</button>
              <button type="button" onClick={duplicate}>Duplicate</button>
              <button type="button" onClick={() => download(`${draft.id}.json`, JSON.stringify(draft, null, 2))}>Export</button>
              <button type="button" disabled={!stored || activeFor(stored.id).length > 0} onClick={() => void remove()}>Delete</button>
            </div>
            <div className="th-toolbar">
              <label>Activate for feed
                <select value={feedToActivate} onChange={(e) => setFeedToActivate(e.target.value)}>
                  <option value="">—</option>
                  {feeds.map((f) => <option key={f} value={f}>{f}{listing?.activeByFeed[f] === draft.id ? ' (active)' : ''}</option>)}
                </select>
              </label>
              <button type="button" disabled={!feedToActivate || dirty || !stored} title={dirty ? 'Apply the edits first' : undefined} onClick={() => void activate()}>Activate</button>
              <span className="th-spacer" />
              {(['week', 'holidays', 'expiry'] as const).map((t) => (
                <button type="button" key={t} data-testid={`th-tab-${t}`} className={`th-tab${tab === t ? ' selected' : ''}`} onClick={() => setTab(t)}>
                  {t === 'week' ? 'Weekly hours' : t === 'holidays' ? `Holidays (${draft.holidays.length})` : `Expiry days (${draft.expiry_overrides.length})`}
                </button>
              ))}
            </div>
            {tab === 'week' && <WeekTable template={draft} errors={errors} onChange={(week) => edit({ ...draft, week })} />}
            {tab === 'holidays' && <HolidayList template={draft} errors={errors} call={call} onNotice={say} onChange={(holidays) => edit({ ...draft, holidays })} />}
            {tab === 'expiry' && <ExpiryOverrides template={draft} errors={errors} onChange={(expiry_overrides) => edit({ ...draft, expiry_overrides })} />}
            {errors.length > 0 && (
              <ul className="th-errors" data-testid="th-errors">{errors.map((e) => <li key={`${e.field}|${e.message}`}><code>{e.field || '(template)'}</code> {e.message}</li>)}</ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
