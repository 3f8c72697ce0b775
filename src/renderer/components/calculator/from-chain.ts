// "From chain": the calculator's inputs from an option of the shown chain — F, T and r as the
// engine priced the chain with, K, and the exact premium the chain solved that strike's IV from
// (iv_price: a mid or an LTP, of the leg named by iv_leg, usually the OTM one), so the
// calculator's IV agrees with the chain's to the last shown digit. Without one, the clicked
// option's own mid (else LTP). The ATM call when nothing was clicked.
import type { OptionChainModel, OptionLeg } from '../../../shared/chain.ts';
import { formatExpiry, formatPrice, formatStrike } from '../../format.ts';
import type { CalcForm } from './calc-form.ts';

export interface ChainFill {
  form: Partial<CalcForm>;
  /** What was taken, in words: "NIFTY 23 Nov 2026 (Mon) 26,000 CE · mid 89.55". */
  source: string;
}

/** Up to 6 decimals, no float noise (0.38460000000000005 → "0.3846"). */
const plain = (v: number): string => String(Number(v.toFixed(6)));
/** A premium as quoted: at least 2 decimals (88.90), a mid's third kept (84.825). */
const money = (v: number): string => (/\.\d{2}/.test(plain(v)) ? plain(v) : v.toFixed(2));

/** The premium a trader would price: the mid of a two-sided quote, else the last trade. */
export function premiumOf(leg: OptionLeg): { value: number; basis: 'mid' | 'ltp' } | null {
  if (leg.bid !== null && leg.ask !== null && leg.bid > 0 && leg.ask >= leg.bid) return { value: (leg.bid + leg.ask) / 2, basis: 'mid' };
  if (leg.ltp !== null && leg.ltp > 0) return { value: leg.ltp, basis: 'ltp' };
  return null;
}

/** The fill for `symbol` (an option of this chain), else the ATM call; a string says why nothing can be filled. */
export function fillFromChain(chain: OptionChainModel, symbol: string | null): ChainFill | string {
  let pick: { strike: number; side: 'ce' | 'pe'; leg: OptionLeg } | null = null;
  for (const row of chain.options) {
    if (symbol && row.ce_data?.symbol === symbol) pick = { strike: row.strike, side: 'ce', leg: row.ce_data };
    else if (symbol && row.pe_data?.symbol === symbol) pick = { strike: row.strike, side: 'pe', leg: row.pe_data };
    if (pick) break;
  }
  if (!pick) {
    const atm = chain.options.find((r) => r.strike === chain.atm_strike);
    if (!atm?.ce_data) return `${chain.underlying} ${chain.expiry}: no ATM call to take inputs from yet`;
    pick = { strike: atm.strike, side: 'ce', leg: atm.ce_data };
  }
  if (chain.forward === null || chain.time_to_expiry === null) return `${chain.underlying} ${chain.expiry}: the chain has no forward or time to expiry yet (no quotes)`;
  const { leg } = pick;
  const chainInput = leg.iv_price !== null && leg.iv_leg !== null && leg.iv_source !== null
    ? { value: leg.iv_price, basis: leg.iv_source, side: leg.iv_leg === 'CE' ? 'ce' as const : 'pe' as const }
    : null;
  const own = premiumOf(leg);
  const premium = chainInput ?? (own ? { ...own, side: pick.side } : null);
  const form: Partial<CalcForm> = {
    model: 'black76', type: (premium?.side ?? pick.side) === 'ce' ? 'call' : 'put',
    underlying: plain(chain.forward), strike: String(pick.strike),
    expiryInput: 'days', days: plain(chain.time_to_expiry * 365),
    ratePct: plain((chain.rate ?? 0) * 100),
    solveFor: premium ? 'iv' : 'price',
    premium: premium ? money(premium.value) : '',
  };
  if (pick.leg.iv !== null) form.volPct = plain(pick.leg.iv * 100);
  const basis = (b: string) => (b === 'ltp' ? 'LTP' : b);
  const quote = !premium ? ' · no quote'
    : chainInput && premium.side !== pick.side
      ? ` · chain IV from the ${premium.side.toUpperCase()} ${basis(premium.basis)} ${formatPrice(premium.value)} (each strike's IV is solved from its OTM leg)`
      : ` · ${chainInput ? 'chain IV from the ' : ''}${basis(premium.basis)} ${formatPrice(premium.value)}`;
  return { form, source: `${chain.underlying} ${formatExpiry(chain.expiry)} ${formatStrike(pick.strike)} ${pick.side.toUpperCase()}${quote}` };
}
