// Exchanges the login dialog's one-time code for an access token (protocols.md §1.11):
// POST /v2/login/authorization/token, form-encoded. Secrets never enter error text.
// Runtime: node (fetch).
import { parseTokenResponse, tokenUrl, upstoxErrorOf, UpstoxLoginError, type UpstoxSession } from './login.ts';

export interface TokenExchange {
  restBase: string;
  apiKey: string;
  apiSecret: string;
  redirectUri: string;
  code: string;
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function exchangeCode(x: TokenExchange): Promise<UpstoxSession> {
  const url = tokenUrl(x.restBase);
  const form = new URLSearchParams({
    code: x.code, client_id: x.apiKey, client_secret: x.apiSecret, redirect_uri: x.redirectUri, grant_type: 'authorization_code',
  });
  let res: Response;
  try {
    res = await (x.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json', 'Api-Version': '2.0' },
      body: form.toString(),
      signal: AbortSignal.timeout(x.timeoutMs ?? 15_000),
    });
  } catch (err) {
    throw new UpstoxLoginError(`could not reach the Upstox token endpoint ${url}: ${(err as Error).message}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = upstoxErrorOf(body);
    throw new UpstoxLoginError(`Upstox token endpoint answered HTTP ${res.status}${e ? `: ${e.code} ${e.message}` : ''}`, e?.code ?? null);
  }
  return parseTokenResponse(body, (x.now ?? Date.now)());
}
