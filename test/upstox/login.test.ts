// Pure login logic: the dialog URL, the token response, 03:30 IST expiry and when to ask for a login.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizationUrl, loginAdvice, parseTokenResponse, tokenExpiry, UpstoxLoginError } from '../../src/main/engine/feeds/upstox/login.ts';
import { redact } from '../../src/main/engine/feeds/common/secret-store.ts';

/** Epoch ms of an IST wall-clock time (IST is UTC+05:30 all year; only the tests use the offset). */
const ist = (iso: string): number => Date.parse(`${iso}+05:30`);

test('the dialog URL carries response_type, client_id, redirect_uri and state, encoded', () => {
  const url = new URL(authorizationUrl('https://api.upstox.com', { apiKey: 'key-1', redirectUri: 'http://127.0.0.1:7373/upstox/callback', state: 's/1+2' }));
  assert.equal(url.origin + url.pathname, 'https://api.upstox.com/v2/login/authorization/dialog');
  assert.deepEqual(Object.fromEntries(url.searchParams), { response_type: 'code', client_id: 'key-1', redirect_uri: 'http://127.0.0.1:7373/upstox/callback', state: 's/1+2' });
  assert.match(authorizationUrl('http://127.0.0.1:9/', { apiKey: 'k', redirectUri: 'http://x/', state: 's' }), /^http:\/\/127\.0\.0\.1:9\/v2\/login/);
});

test('token expiry: 03:30 IST the next day, or that same night for a token issued before 03:30', () => {
  assert.equal(tokenExpiry(ist('2026-11-21T10:00:00')), ist('2026-11-22T03:30:00'));
  assert.equal(tokenExpiry(ist('2026-11-21T23:59:59')), ist('2026-11-22T03:30:00'));
  assert.equal(tokenExpiry(ist('2026-11-21T03:30:00')), ist('2026-11-22T03:30:00'));
  assert.equal(tokenExpiry(ist('2026-11-21T02:00:00')), ist('2026-11-21T03:30:00'));
  // Across a month and a year end.
  assert.equal(tokenExpiry(ist('2026-12-31T15:00:00')), ist('2027-01-01T03:30:00'));
});

test('the token response becomes a session; Upstox errors and missing tokens are typed errors', () => {
  const issued = ist('2026-11-21T08:00:00');
  const s = parseTokenResponse({ email: 'a@b.c', exchanges: ['NSE', 'NFO'], products: ['D'], broker: 'UPSTOX', user_id: 'AB1234', user_name: 'A Trader', access_token: 'eyJ0eXAiOiJKV1Qi.x.y', extended_token: null }, issued);
  assert.equal(s.accessToken, 'eyJ0eXAiOiJKV1Qi.x.y');
  assert.equal(s.userId, 'AB1234');
  assert.deepEqual(s.exchanges, ['NSE', 'NFO']);
  assert.equal(s.expiresAt, ist('2026-11-22T03:30:00'));
  assert.throws(() => parseTokenResponse({ status: 'error', errors: [{ errorCode: 'UDAPI100057', message: 'Invalid Auth code' }] }, issued),
    (e: unknown) => e instanceof UpstoxLoginError && e.upstoxCode === 'UDAPI100057' && /Invalid Auth code/.test(e.message));
  assert.throws(() => parseTokenResponse({ user_id: 'x' }, issued), /no usable access_token/);
  assert.throws(() => parseTokenResponse(null, issued), UpstoxLoginError);
});

test('login advice: asked before the session, never in the middle of it', () => {
  const window = { connect_at: ist('2026-11-23T09:10:00'), activate_at: ist('2026-11-23T09:15:00'), disconnect_at: ist('2026-11-23T15:35:00') };
  const none = loginAdvice(null, ist('2026-11-23T08:00:00'), window);
  assert.equal(none.state, 'logged_out');
  assert.equal(none.needed, true);
  assert.equal(none.login_by, window.connect_at);
  // Logged in Saturday evening for Monday: the token dies Sunday 03:30, before the session.
  const early = loginAdvice(ist('2026-11-22T03:30:00'), ist('2026-11-21T20:00:00'), window);
  assert.equal(early.state, 'renew_before_session');
  assert.equal(early.needed, false);
  assert.equal(early.login_from, ist('2026-11-22T03:30:00'));
  assert.equal(early.login_by, window.connect_at);
  assert.match(early.message, /03:30 IST on 2026-11-22/);
  const expired = loginAdvice(ist('2026-11-23T03:30:00'), ist('2026-11-23T07:00:00'), window);
  assert.equal(expired.state, 'expired');
  assert.equal(expired.needed, true);
  assert.match(expired.message, /before 09:10 IST on 2026-11-23/);
  // Logged in at 08:00 Monday: valid through the session.
  const fresh = loginAdvice(ist('2026-11-24T03:30:00'), ist('2026-11-23T12:00:00'), window);
  assert.equal(fresh.state, 'valid');
  assert.equal(fresh.needed, false);
});

test('redact removes every occurrence of each secret', () => {
  assert.equal(redact('a TOKEN b TOKEN c secret x', ['TOKEN', 'secret', null, 'x']), 'a [redacted] b [redacted] c [redacted] x', 'strings under 4 characters are not treated as secrets');
});
