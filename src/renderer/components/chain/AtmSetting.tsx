// "ATM from spot | forward": which strike the chain highlights as ATM (the engine's setting,
// default spot, what NSE's page uses). Greeks stay on the forward either way.
import { useEffect, useState } from 'react';
import type { AtmReference } from '../../../shared/chain.ts';
import type { Transport } from '../../api/transport.ts';

export function AtmSetting({ api }: { api: Transport }) {
  const [reference, setReference] = useState<AtmReference | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('chain.atm_reference', {})
      .then((r) => { if (live) setReference(r.reference); })
      .catch((err: unknown) => { if (live) setError(`ATM reference unknown: ${err instanceof Error ? err.message : String(err)}`); });
    return () => { live = false; };
  }, [api]);
  const pick = (next: AtmReference) => {
    setReference(next);
    api.call('chain.set_atm_reference', { reference: next })
      .then((r) => { setReference(r.reference); setError(null); })
      .catch((err: unknown) => setError(`ATM reference not changed: ${err instanceof Error ? err.message : String(err)}`));
  };
  return (
    <label className="atm-setting" title={error ?? 'Which strike is ATM: nearest the spot (as NSE’s page) or nearest the forward; Greeks always use the forward'}>
      ATM from
      <select data-testid="atm-reference" value={reference ?? ''} disabled={reference === null} onChange={(e) => pick(e.target.value as AtmReference)}>
        {reference === null && <option value="">…</option>}
        <option value="spot">spot</option>
        <option value="forward">forward</option>
      </select>
      {error && <span className="atm-error" role="alert">!</span>}
    </label>
  );
}
