// "Connect Upstox": API key, secret (write-only), redirect URI and the advanced endpoints.
// Save sends only what changed (upstox.put_settings); the host's errors appear at their field.
import { useCallback, useEffect, useState } from 'react';
import type { OptickApi } from '../../../shared/api.ts';
import type { UpstoxSettings } from '../../../shared/upstox.ts';
import { changesOf, draftOf, errorsByField } from './settings-draft.ts';
import type { DraftField, SettingsDraft } from './settings-draft.ts';

interface FieldDef { field: DraftField; label: string; hint: string; wide?: boolean; numeric?: boolean; readOnly?: boolean }

const MAIN: FieldDef[] = [
  { field: 'api_key', label: 'API key', hint: 'Shown for your app under Upstox → Developer apps.' },
  { field: 'api_secret', label: 'API secret', hint: '' },
  { field: 'redirect_uri', label: 'Redirect URI', hint: 'Register exactly this URL for the app at Upstox. The default is Optick\'s own callback.', wide: true },
];
const ADVANCED: FieldDef[] = [
  { field: 'depth_strikes', label: 'Depth strikes each side', hint: 'Strikes around the centre streamed in Full mode (depth); the rest get Option Greeks.', numeric: true },
  { field: 'stall_ms', label: 'Stall after (ms)', hint: 'Silence in market hours after which the feed reconnects.', numeric: true },
  { field: 'rest_base', label: 'REST base', hint: 'Login dialog and token endpoint. Set only in upstox.json in the data directory (restart after editing), so nothing in the app can send your secret or token elsewhere.', wide: true, readOnly: true },
  { field: 'feed_url', label: 'Feed URL', hint: 'Market Data Feed V3 authorize endpoint. Set only in upstox.json in the data directory (restart after editing), so nothing in the app can send your secret or token elsewhere.', wide: true, readOnly: true },
  { field: 'instruments_url', label: 'Instrument master URL', hint: 'Downloaded at most once a day after ~06:00 IST. Set only in upstox.json in the data directory (restart after editing), so nothing in the app can send your secret or token elsewhere.', wide: true, readOnly: true },
];

export function SettingsForm({ call }: { call: OptickApi['call'] }) {
  const [stored, setStored] = useState<UpstoxSettings | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  const [advanced, setAdvanced] = useState(false);

  const load = useCallback(() => {
    call('upstox.get_settings', {}).then(
      (s) => { setStored(s); setDraft(draftOf(s)); setErrors({}); },
      (err: unknown) => setNotice({ text: `Could not read the Upstox settings: ${(err as Error).message}`, error: true }),
    );
  }, [call]);
  useEffect(load, [load]);

  if (!stored || !draft) return <section className="ux-card ux-form">{notice ? <p className="ux-error">{notice.text}</p> : <p className="ux-muted">Loading settings…</p>}</section>;

  const changes = changesOf(draft, stored);
  const dirty = Object.keys(changes).length > 0;
  const save = async (input: ReturnType<typeof changesOf>) => {
    setSaving(true);
    setNotice(null);
    try {
      const res = await call('upstox.put_settings', input);
      if (!res.ok) {
        setErrors(errorsByField(res.errors));
        if (res.errors.some((e) => ADVANCED.some((d) => d.field === e.field))) setAdvanced(true);
        setNotice({ text: `Not saved: ${res.errors.length === 1 ? 'one field needs' : `${res.errors.length} fields need`} fixing.`, error: true });
        return;
      }
      setStored(res.settings);
      setDraft(draftOf(res.settings));
      setErrors({});
      setNotice({ text: res.restart_needed ? 'Saved. Restart Optick for the feed, master or depth changes to take effect.' : 'Saved.', error: false });
    } catch (err) {
      setNotice({ text: `Not saved: ${(err as Error).message}`, error: true });
    } finally {
      setSaving(false);
    }
  };

  const input = (d: FieldDef) => {
    const id = `ux-${d.field}`;
    const error = errors[d.field];
    const secret = d.field === 'api_secret';
    const placeholder = secret ? (stored.has_api_secret ? '•••••••• stored; type to replace' : 'not set') : undefined;
    return (
      <div className={d.wide ? 'ux-field wide' : 'ux-field'} key={d.field}>
        <label htmlFor={id}>{d.label}</label>
        <input
          id={id} name={d.field} data-testid={`upstox-input-${d.field}`} className={error ? 'invalid' : undefined}
          type={secret ? 'password' : 'text'} inputMode={d.numeric ? 'numeric' : undefined} autoComplete={secret ? 'new-password' : 'off'} spellCheck={false}
          value={draft[d.field]} placeholder={placeholder} aria-invalid={!!error} readOnly={d.readOnly}
          onChange={(e) => { setDraft({ ...draft, [d.field]: e.target.value }); if (error) setErrors({ ...errors, [d.field]: '' }); }}
        />
        {error ? <span className="ux-field-error" data-testid={`upstox-error-${d.field}`}>{error}</span>
          : secret ? <SecretHint stored={stored.has_api_secret} onRemove={() => void save({ api_secret: '' })} />
            : d.hint && <span className="ux-hint">{d.hint}</span>}
      </div>
    );
  };

  return (
    <form className="ux-card ux-form" data-testid="upstox-settings" onSubmit={(e) => { e.preventDefault(); void save(changes); }}>
      <header className="ux-card-head"><h3>Connect Upstox</h3><span className="ux-muted">your own Upstox app</span></header>
      <div className="ux-fields">{MAIN.map(input)}</div>
      <details className="ux-advanced" open={advanced} onToggle={(e) => setAdvanced(e.currentTarget.open)}>
        <summary>Feed and endpoints</summary>
        <div className="ux-fields">{ADVANCED.map(input)}</div>
      </details>
      {errors[''] && <p className="ux-error">{errors['']}</p>}
      <div className="ux-actions">
        <button type="submit" className="ux-primary" data-testid="upstox-save" disabled={saving || !dirty}>{saving ? 'Saving…' : 'Save'}</button>
        <button type="button" disabled={saving || !dirty} onClick={() => { setDraft(draftOf(stored)); setErrors({}); setNotice(null); }}>Revert</button>
        {notice && <span className={notice.error ? 'ux-notice error' : 'ux-notice'} data-testid="upstox-settings-notice">{notice.text}</span>}
      </div>
    </form>
  );
}

function SecretHint({ stored, onRemove }: { stored: boolean; onRemove: () => void }) {
  return (
    <span className="ux-hint" data-testid="upstox-secret-state" data-stored={stored}>
      {stored ? <>A secret is stored (never shown). <button type="button" className="ux-link" onClick={onRemove}>Remove</button></> : 'Write-only: kept by Optick, never shown again.'}
    </span>
  );
}
