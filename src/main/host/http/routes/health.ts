// GET /health: liveness for scripts and supervisors (no token).
import type { Router } from '../router.ts';

export function healthRoutes(r: Router): void {
  r.get('/health', { auth: 'public' }, () => ({ status: 200, body: { status: 'ok' } }));
}
