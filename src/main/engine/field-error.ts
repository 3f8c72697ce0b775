// A bad request that names the field at fault (the HTTP routes answer 400 with `field`).
import { BadRequestError } from './engine.ts';

export class FieldError extends BadRequestError {
  override name = 'FieldError';
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
