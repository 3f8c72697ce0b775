// Option calculator panel (Black-76 on F, or BSM on S and q): σ → premium + Greeks, or premium
// → IV + Greeks, priced by the engine (`pricing.calc`) as the inputs change. "From chain" takes
// F, K, T, r and the premium from the shown chain: the last clicked option, else the ATM call.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Transport } from '../../api/transport.ts';
import type { CalculatorResult } from '../../../shared/pricing.ts';
import type { ScreenStore } from '../../stores/screen-store.ts';
import { CalcInputs } from './CalcInputs.tsx';
import { CalcResults } from './CalcResults.tsx';
import { caseOf, EMPTY_FORM, errorText, fieldOfError, yearsToExpiry } from './calc-form.ts';
import type { CalcForm, FormField } from './calc-form.ts';
import { fillFromChain } from './from-chain.ts';
import type { OptionPickStore } from './option-pick.ts';
import './calculator.css';

/** Typing pauses this long before the engine is asked (each keystroke would be a round trip). */
const CALC_DEBOUNCE_MS = 120;
/** With the expiry given as a date/time, T shrinks as the clock runs: re-price this often. */
const DATE_REPRICE_MS = 30_000;

interface Props { api: Transport; screen: ScreenStore; picks: OptionPickStore }

export function CalculatorPanel({ api, screen, picks }: Props) {
  const [form, setForm] = useState<CalcForm>(EMPTY_FORM);
  const [result, setResult] = useState<CalculatorResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [source, setSource] = useState<{ text: string; error: boolean } | null>(null);
  const chainShown = useStore(screen, (s) => (s.underlying && s.expiry ? `${s.underlying}|${s.expiry}` : null));
  const lotSize = useStore(screen, (s) => s.head?.lot_size ?? null);
  const generation = useRef(0);

  const change = useCallback((patch: Partial<CalcForm>) => setForm((f) => ({ ...f, ...patch })), []);

  const fromChain = useCallback(async (symbol: string | null) => {
    const { underlying, expiry } = screen.getState();
    if (!underlying || !expiry) { setSource({ text: 'No chain is shown yet', error: true }); return; }
    try {
      const fill = fillFromChain(await api.call('chain.get', { underlying, expiry }), symbol);
      if (typeof fill === 'string') { setSource({ text: fill, error: true }); return; }
      setForm((f) => ({ ...f, ...fill.form }));
      setSource({ text: `From ${fill.source}`, error: false });
    } catch (err) {
      setSource({ text: `Reading ${underlying} ${expiry} failed: ${err instanceof Error ? err.message : String(err)}`, error: true });
    }
  }, [api, screen]);

  // First time a chain is on screen: start from it rather than from empty boxes.
  const filledOnce = useRef(false);
  useEffect(() => {
    if (!chainShown || filledOnce.current) return;
    filledOnce.current = true;
    void fromChain(picks.getState().symbol);
  }, [chainShown, fromChain, picks]);

  // A click in the chain while the calculator is on show fills it with that option.
  useEffect(() => picks.subscribe((now, before) => {
    if (now.seq !== before.seq && now.fill && now.symbol) void fromChain(now.symbol);
  }), [picks, fromChain]);

  const [clock, setClock] = useState(0);
  useEffect(() => {
    if (form.expiryInput !== 'date') return undefined;
    const timer = setInterval(() => setClock((n) => n + 1), DATE_REPRICE_MS);
    return () => clearInterval(timer);
  }, [form.expiryInput]);

  // Price whenever the inputs change (or the clock moves a dated expiry), after a short pause; a stale reply is dropped.
  useEffect(() => {
    const mine = ++generation.current;
    setBusy(true);
    const timer = setTimeout(() => {
      api.call('pricing.calc', { cases: [caseOf(form, Date.now())] }).then(
        (results) => { if (mine === generation.current) { setResult(results[0] ?? null); setBusy(false); } },
        (err: unknown) => {
          if (mine !== generation.current) return;
          setResult({ index: 0, ok: false, error: { field: '', message: `Pricing failed: ${err instanceof Error ? err.message : String(err)}` } });
          setBusy(false);
        },
      );
    }, CALC_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [api, form, clock]);

  const errors: Partial<Record<FormField, string>> = {};
  let caseError: string | null = null;
  if (result && !result.ok) {
    const field = fieldOfError(result.error.field, form);
    if (field) errors[field] = errorText(result.error.message); else caseError = errorText(result.error.message);
  }
  const t = yearsToExpiry(form, Date.now());

  return (
    <div className="calc" data-testid="calculator">
      <div className="calc-bar">
        <button type="button" className="calc-action" data-testid="calc-from-chain" onClick={() => void fromChain(picks.getState().symbol)}
          title="F, T and r as the chain is priced; K and premium of the last clicked option (else the ATM call)">
          From chain
        </button>
        <span className={source?.error ? 'calc-source error' : 'calc-source'} data-testid="calc-source">
          {source?.text ?? 'Click a call or put in the chain, then “From chain”'}
        </span>
      </div>
      <div className="calc-body">
        <CalcInputs form={form} errors={errors} years={typeof t === 'number' ? t : null} onChange={change} />
        <CalcResults result={result} error={caseError} busy={busy} lotSize={lotSize} />
      </div>
    </div>
  );
}
