// The chain, status and calculator routes: thin HTTP over the same contract methods the
// renderer calls, so validation and errors match the WebSocket and IPC answers.
import { calculate } from '../../api-dispatch.ts';
import type { Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

export function chainRoutes(r: Router, { call }: RouteDeps): void {
  const ok = async (p: Promise<unknown>) => ({ status: 200, body: await p });
  r.get('/api/underlyings', () => ok(call('meta.underlyings', {})));
  r.get('/api/expiries/:underlying', (q) => ok(call('chain.expiries', { underlying: q.params.underlying })));
  r.get('/api/option-chain/status', () => ok(call('status.get', {})));
  r.get('/api/option-chain/:underlying', (q) => ok(call('chain.get', { underlying: q.params.underlying, expiry: q.query.get('expiry') ?? undefined })));
  r.post('/api/pricing/greeks', { body: 'json' }, (q) => ({ status: 200, body: calculate(q.body, 'greeks') }));
  r.post('/api/pricing/iv', { body: 'json' }, (q) => ({ status: 200, body: calculate(q.body, 'iv') }));
}
