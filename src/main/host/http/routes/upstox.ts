// The Upstox account's routes: GET /upstox/callback (the browser's return from Upstox's login
// dialog; it cannot carry the API token, the single-use OAuth `state` guards it) and the REST
// mirror of the upstox.* contract methods under /api/upstox.
import type { UpstoxMethods } from '../../../../shared/upstox.ts';
import type { UpstoxAccount } from '../../../engine/feeds/upstox/account-node.ts';
import { CALLBACK_PATH } from '../../../engine/feeds/upstox/account-settings.ts';
import type { Reply, RouteOptions, Router } from '../router.ts';

export function upstoxRoutes(r: Router, upstox: UpstoxAccount): void {
  r.get(CALLBACK_PATH, { auth: 'public' }, (q) => upstox.callback(q.query));
  r.other(CALLBACK_PATH, { auth: 'public' }, () => ({ status: 405, body: { error: { code: 'bad_request', message: 'the Upstox callback is GET only' } } }));
  const method = (http: 'GET' | 'PUT' | 'POST', name: string, target: keyof UpstoxMethods, opts: RouteOptions = {}) => {
    r.add(http, `/api/upstox/${name}`, opts, async (q): Promise<Reply> => {
      const res = await upstox.call(target, q.body ?? {});
      return { status: (res as { ok?: boolean } | null)?.ok === false ? 400 : 200, body: res };
    });
  };
  method('GET', 'status', 'upstox.status');
  method('GET', 'settings', 'upstox.get_settings');
  method('PUT', 'settings', 'upstox.put_settings', { body: 'object' });
  method('POST', 'login', 'upstox.login');
  method('POST', 'logout', 'upstox.logout');
  r.other('/api/upstox/:name', (q) => ({ status: 404, body: { error: { code: 'not_found', message: `no Upstox route ${q.method} ${q.path.replace(/\/+$/, '')}` } } }));
}
