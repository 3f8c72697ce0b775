// Streaming parser for one top-level JSON array (the instrument master is a large array of
// small objects). Text arrives in chunks of any size; each element is cut out by scanning
// strings and bracket depth, then handed to JSON.parse, so memory holds one element, not the
// file. Malformed input fails with the element index and character offset. Runtime: std.

export class JsonStreamError extends Error {
  /** Character offset in the whole stream where the problem was found. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = 'JsonStreamError';
    this.offset = offset;
  }
}

const START = 0; // before '['
const BEFORE = 1; // expecting an element (or ']' right after '[')
const INSIDE = 2; // within an element
const DONE = 3; // after the closing ']'

const OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, BOM = 0xfeff;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class JsonArrayParser {
  readonly #onElement: (value: unknown, index: number) => void;
  #state = START;
  /** Text not yet consumed; in INSIDE it starts at the current element. */
  #buf = '';
  /** Stream offset of #buf[0]. */
  #offset = 0;
  /** Where scanning resumes in #buf. */
  #i = 0;
  #depth = 0;
  #inString = false;
  #escape = false;
  #afterComma = false;
  #count = 0;

  constructor(onElement: (value: unknown, index: number) => void) {
    this.#onElement = onElement;
  }

  /** Elements delivered so far. */
  get count(): number {
    return this.#count;
  }

  push(chunk: string): void {
    if (this.#state === INSIDE) this.#buf += chunk;
    else {
      this.#buf = chunk;
      this.#i = 0;
    }
    this.#scan();
  }

  /** Declares the end of input; throws when the array is incomplete. */
  end(): void {
    if (this.#state === DONE) return;
    const what = this.#state === START ? 'empty input: expected a JSON array' : `unexpected end of input inside the array after ${this.#count} elements`;
    throw new JsonStreamError(what, this.#offset + this.#buf.length);
  }

  #fail(message: string, at: number): never {
    throw new JsonStreamError(message, this.#offset + at);
  }

  #scan(): void {
    const buf = this.#buf;
    const n = buf.length;
    let i = this.#i;
    let start = 0; // element start, meaningful in INSIDE
    let state = this.#state;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (state === INSIDE) {
        if (this.#inString) {
          if (this.#escape) this.#escape = false;
          else if (c === BACKSLASH) this.#escape = true;
          else if (c === QUOTE) this.#inString = false;
        } else if (c === QUOTE) this.#inString = true;
        else if (c === OPEN_OBJECT || c === OPEN_ARRAY) this.#depth++;
        else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && this.#depth > 0) this.#depth--;
        else if (this.#depth === 0 && (c === COMMA || c === CLOSE_ARRAY)) {
          this.#emit(buf.slice(start, i), start);
          state = c === COMMA ? BEFORE : DONE;
          this.#afterComma = c === COMMA;
        }
        i++;
        continue;
      }
      if (isSpace(c)) { i++; continue; }
      if (state === START) {
        if (c !== OPEN_ARRAY && c !== BOM) this.#fail(`expected '[' to open the array, found ${JSON.stringify(buf[i])}`, i);
        if (c === OPEN_ARRAY) state = BEFORE;
      } else if (state === BEFORE) {
        if (c === CLOSE_ARRAY) {
          if (this.#afterComma) this.#fail("trailing comma before ']'", i);
          state = DONE;
        } else if (c === COMMA) {
          this.#fail(`missing element before ',' (after ${this.#count} elements)`, i);
        } else {
          state = INSIDE;
          start = i;
          this.#depth = 0;
          this.#inString = false;
          this.#escape = false;
          continue; // scan this character as part of the element
        }
      } else {
        this.#fail(`unexpected ${JSON.stringify(buf[i])} after the end of the array`, i);
      }
      i++;
    }
    this.#state = state;
    if (state === INSIDE) {
      // Keep only the unfinished element.
      this.#buf = buf.slice(start);
      this.#offset += start;
      this.#i = i - start;
    } else {
      this.#buf = '';
      this.#offset += n;
      this.#i = 0;
    }
  }

  #emit(text: string, at: number): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.#fail(`element ${this.#count} is not valid JSON: ${(err as Error).message}`, at);
    }
    this.#onElement(value, this.#count++);
  }
}
