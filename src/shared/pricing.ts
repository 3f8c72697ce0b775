// Option calculator types shared by the engine, both hosts and the renderer's calculator
// panel. Units: theta per calendar day, vega per 1 vol point, rho per 1 %, vanna per vol
// point, charm per day, vomma per vol point²; IV and sigma as decimals.

/** Why no implied volatility exists for a quote. */
export type IvError = 'below_intrinsic' | 'above_maximum' | 'no_time_left' | 'no_quote' | 'bad_input';

export type CalculatorModel = 'black76' | 'bsm';

/** Black-76 takes F (forward); BSM takes S (spot) and q (dividend yield). Give sigma, or price for the IV. */
export interface CalculatorCase {
  model: CalculatorModel;
  type: 'call' | 'put';
  F?: number;
  S?: number;
  K: number;
  /** Years to expiry. */
  T: number;
  r: number;
  q: number;
  sigma?: number;
  price?: number;
}

export interface OptionValuation {
  price: number;
  delta: number;
  gamma: number;
  /** Per calendar day. */
  theta: number;
  /** Per 1 vol point. */
  vega: number;
  /** Per 1 % rate. */
  rho: number;
  /** ∂delta/∂σ per 1 vol point. */
  vanna: number;
  /** ∂delta/∂t per calendar day. */
  charm: number;
  /** ∂vega/∂σ, per vol point². */
  vomma: number;
}

export interface CalculatorGreeks extends OptionValuation {
  /** Decimal vol used: the input sigma, or the solved IV. */
  sigma: number;
}

export type CalculatorResult =
  | { index: number; ok: true; input: CalculatorCase; iv: number | null; iv_error: IvError | null; valuation: CalculatorGreeks | null }
  | { index: number; ok: false; error: { field: string; message: string } };
