// The "Connect Upstox" form as text fields: built from the stored settings, turned back into
// only the changed fields (so an untouched redirect URI keeps following Optick's own port),
// and the server's field errors keyed by field. The host validates; this only carries values.
import type { UpstoxSettings, UpstoxSettingsInput } from '../../../shared/upstox.ts';

export const TEXT_FIELDS = ['api_key', 'redirect_uri', 'rest_base', 'feed_url', 'instruments_url'] as const;
export const NUMBER_FIELDS = ['depth_strikes', 'stall_ms'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type NumberField = (typeof NUMBER_FIELDS)[number];
export type DraftField = TextField | NumberField | 'api_secret';

/** Every field as typed; `api_secret` is '' unless the trader types a new one (the stored one is never sent back). */
export type SettingsDraft = Record<DraftField, string>;

export function draftOf(s: UpstoxSettings): SettingsDraft {
  return {
    api_key: s.api_key, api_secret: '', redirect_uri: s.redirect_uri, rest_base: s.rest_base, feed_url: s.feed_url,
    instruments_url: s.instruments_url, depth_strikes: String(s.depth_strikes), stall_ms: String(s.stall_ms),
  };
}

/**
 * The fields that differ from `stored`. A number field that does not read as a number is sent
 * as typed, so the host's error names it ("depth_strikes must be an integer from 0 to 200").
 */
export function changesOf(draft: SettingsDraft, stored: UpstoxSettings): UpstoxSettingsInput {
  const out: Record<string, unknown> = {};
  for (const k of TEXT_FIELDS) if (draft[k].trim() !== stored[k]) out[k] = draft[k].trim();
  for (const k of NUMBER_FIELDS) {
    const text = draft[k].trim().replace(/[,_\s]/g, '');
    const n = text === '' ? Number.NaN : Number(text);
    if (n !== stored[k]) out[k] = Number.isFinite(n) ? n : draft[k];
  }
  if (draft.api_secret.trim() !== '') out.api_secret = draft.api_secret.trim();
  return out as UpstoxSettingsInput;
}

/** Field → message; an error without a field (the whole request) goes under ''. */
export function errorsByField(errors: readonly { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
  return out;
}
