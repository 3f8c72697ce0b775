// The order ticket for scripts (analysis only — no order is ever sent to a broker):
//   POST /api/ticket        {symbol, side: 'buy'|'sell', lots} → the ticket's figures and the depth ladder
//   POST /api/ticket/paper  the same body → fills at the ticket's VWAP, opens a paper position (201)
//   DELETE /api/ticket      closes the scripts' ticket: its contract goes back to the mode the chains want
// A refused field is a 400 naming it: {error: {code: 'bad_request', message, field}}.
import { ApiError } from '../../../../shared/api.ts';
import { ticketOf, type TicketService } from '../../../engine/ticket/ticket-service.ts';
import { fieldReply } from './field-reply.ts';
import type { Router } from '../router.ts';
import type { RouteDeps } from './deps.ts';

const HTTP_CLIENT = 'http';

export function ticketRoutes(r: Router, { engine }: RouteDeps): void {
  const t = (): TicketService => {
    const svc = ticketOf(engine);
    if (!svc) throw new ApiError('unavailable', 'the order ticket does not run in this host');
    return svc;
  };

  r.post('/api/ticket', { body: 'object' }, (q) => fieldReply(200, () => t().quote(HTTP_CLIENT, q.body)));
  r.post('/api/ticket/paper', { body: 'object' }, (q) => fieldReply(201, () => t().paper(HTTP_CLIENT, q.body)));
  r.delete('/api/ticket', () => { t().close(HTTP_CLIENT); return { status: 200, body: {} }; });
}
