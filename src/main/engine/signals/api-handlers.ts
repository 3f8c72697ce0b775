// The signals.* contract methods, for the one dispatcher both hosts use.
import { ApiError, type ApiMethods } from '../../../shared/api.ts';
import type { SignalsMethods } from '../../../shared/signals.ts';
import type { SignalService } from './signal-service.ts';

type SignalHandlers = { [M in keyof SignalsMethods]: (client: string, req: ApiMethods[M]['req']) => ApiMethods[M]['res'] | Promise<ApiMethods[M]['res']> };

export function signalHandlers(signals: SignalService | null): SignalHandlers {
  const s = (): SignalService => {
    if (!signals) throw new ApiError('unavailable', 'signals do not run in this host');
    return signals;
  };
  return {
    'signals.list': (_c, req) => s().list(req),
    'signals.thresholds': () => s().thresholds(),
    'signals.set_thresholds': (_c, req) => s().setThresholds(req),
    'signals.export_csv': (_c, req) => s().exportCsv(req),
    'signals.to_alert_rule': (_c, req) => s().toAlertRule(req),
  };
}
