// The price view of a symbol with no option chain (a perpetual): thin HTTP over market.price.
import type { Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

export function marketRoutes(r: Router, { call }: RouteDeps): void {
  r.get('/api/price/:symbol', async (q) => ({ status: 200, body: await call('market.price', { symbol: q.params.symbol }) }));
}
