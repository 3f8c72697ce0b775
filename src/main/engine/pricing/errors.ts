// Typed errors of the pricing core. Runtime: std.

/** A pricing input that is missing, not finite or out of its domain; names the field and why. */
export class PricingInputError extends Error {
  readonly field: string;
  readonly value: unknown;
  constructor(field: string, value: unknown, reason: string) {
    super(`pricing input ${field}=${String(value)}: ${reason}`);
    this.name = 'PricingInputError';
    this.field = field;
    this.value = value;
  }
}

/** Throws PricingInputError unless v is a finite number > 0. */
export function requirePositive(field: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) throw new PricingInputError(field, v, 'must be a finite number > 0');
}

/** Throws PricingInputError unless v is a finite number ≥ 0. */
export function requireNonNegative(field: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new PricingInputError(field, v, 'must be a finite number >= 0');
}

/** Throws PricingInputError unless v is a finite number. */
export function requireFinite(field: string, v: number): void {
  if (!(typeof v === 'number' && Number.isFinite(v))) throw new PricingInputError(field, v, 'must be a finite number');
}
