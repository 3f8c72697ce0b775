// Upstox connection settings: defaults (Upstox's public endpoints), validation naming the
// field, and merging an edit. Runtime: std.
import type { UpstoxSettings } from '../../../../shared/upstox.ts';
import { UPSTOX_DEFAULTS } from './login.ts';

/** What the settings file holds (no secrets: those live in the SecretStore). */
export type StoredSettings = Omit<UpstoxSettings, 'has_api_secret'>;

export const CALLBACK_PATH = '/upstox/callback';

/** Upstox's names in the shared SecretStore (common/secret-store.ts). */
export const SECRET_NAMES = {
  apiSecret: 'upstox.api_secret',
  session: 'upstox.session',
} as const;

export function defaultSettings(serverBase: string): StoredSettings {
  return {
    api_key: '',
    redirect_uri: `${serverBase}${CALLBACK_PATH}`,
    rest_base: UPSTOX_DEFAULTS.restBase,
    feed_url: UPSTOX_DEFAULTS.feedUrl,
    instruments_url: UPSTOX_DEFAULTS.instrumentsUrl,
    depth_strikes: 10,
    stall_ms: 30_000,
  };
}

type FieldError = { field: string; message: string };

/**
 * Where the API secret (token exchange) and the access token (feed authorize) are sent. Only the
 * settings file sets them: an API caller or a script in the window must not be able to point
 * them at a host of its own and read the secret back (issue 10, finding 4).
 */
export const ENDPOINT_FIELDS = ['rest_base', 'feed_url', 'instruments_url'] as const;

export function endpointLockedMessage(field: string, file: string): string {
  return `${field} is set only in ${file} (edit the file, then restart Optick): the API cannot change where the API secret and access token are sent`;
}

function urlError(field: string, v: string, protocols: string[]): FieldError | null {
  try {
    const u = new URL(v);
    if (!protocols.includes(u.protocol)) return { field, message: `${field} must be a ${protocols.join(' or ')} URL, got '${u.protocol}'` };
    return null;
  } catch {
    return { field, message: `${field} is not a URL: '${v}'` };
  }
}

/**
 * Applies `input` to `current`; errors name each bad field. `api_secret` is returned apart.
 * With `lockedEndpoints` (an edit through the API) a changed endpoint field is refused, naming that file.
 */
export function mergeSettings(current: StoredSettings, input: unknown, lockedEndpoints?: { file: string }): { settings: StoredSettings; apiSecret: string | undefined; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const next = { ...current };
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { settings: current, apiSecret: undefined, errors: [{ field: '', message: 'settings must be a JSON object' }] };
  }
  const i = input as Record<string, unknown>;
  const known = new Set<string>([...Object.keys(current), 'api_secret']);
  for (const k of Object.keys(i)) if (!known.has(k) && k !== 'has_api_secret') errors.push({ field: k, message: `unknown setting '${k}'` });
  const str = (k: keyof StoredSettings & string): string | undefined => {
    const v = i[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') { errors.push({ field: k, message: `${k} must be a string` }); return undefined; }
    return v.trim();
  };
  const apiKey = str('api_key');
  if (apiKey !== undefined) {
    if (/\s/.test(apiKey) || apiKey.length > 200) errors.push({ field: 'api_key', message: 'api_key must be the API key Upstox shows for the app (no spaces)' });
    else next.api_key = apiKey;
  }
  for (const [k, protocols] of [['redirect_uri', ['http:', 'https:']], ['rest_base', ['http:', 'https:']], ['feed_url', ['ws:', 'wss:', 'http:', 'https:']], ['instruments_url', ['http:', 'https:']]] as const) {
    const v = str(k);
    if (v === undefined) continue;
    if (lockedEndpoints && (ENDPOINT_FIELDS as readonly string[]).includes(k) && v !== current[k]) {
      errors.push({ field: k, message: endpointLockedMessage(k, lockedEndpoints.file) });
      continue;
    }
    const e = urlError(k, v, [...protocols]);
    if (e) errors.push(e);
    else next[k] = v;
  }
  for (const [k, min, max] of [['depth_strikes', 0, 200], ['stall_ms', 100, 600_000]] as const) {
    const v = i[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) errors.push({ field: k, message: `${k} must be an integer from ${min} to ${max}` });
    else next[k] = v;
  }
  let apiSecret: string | undefined;
  if (i.api_secret !== undefined) {
    if (typeof i.api_secret !== 'string' || /\s/.test(i.api_secret)) errors.push({ field: 'api_secret', message: 'api_secret must be the secret Upstox shows for the app (no spaces)' });
    else apiSecret = i.api_secret;
  }
  return { settings: errors.length ? current : next, apiSecret: errors.length ? undefined : apiSecret, errors };
}
