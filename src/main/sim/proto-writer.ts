// A minimal protobuf (proto3) writer into one growing buffer, reused frame after frame: the
// simulator's live frames are written field by field straight from instrument state, without
// building message objects. Zero scalars are skipped (proto3 default omission); nested messages
// reserve a one-byte length and shift their body when it turns out longer (varints stay minimal).

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;

export class ProtoWriter {
  private buf: Buffer;
  private view: DataView;
  pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buf = Buffer.alloc(initialBytes);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
  }

  reset(): void {
    this.pos = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.alloc(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.length);
  }

  /** Unsigned varint of a non-negative integer up to 2^53. */
  private varint(v: number): void {
    this.ensure(10);
    const b = this.buf;
    while (v >= 128) {
      b[this.pos++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    b[this.pos++] = v;
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** double field; skipped when 0. */
  double(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, WIRE_I64);
    this.ensure(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  /** int64/int32/enum field of a non-negative integer; skipped when 0. */
  uint(field: number, v: number): void {
    if (v === 0) return;
    if (!(v > 0) || !Number.isSafeInteger(v)) throw new RangeError(`protobuf field ${field}: ${v} is not a non-negative safe integer`);
    this.tag(field, WIRE_VARINT);
    this.varint(v);
  }

  /** string field; skipped when empty. */
  string(field: number, s: string): void {
    if (s.length === 0) return;
    const len = Buffer.byteLength(s);
    this.tag(field, WIRE_LEN);
    this.varint(len);
    this.ensure(len);
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }

  /** Opens an embedded message; returns the token `end` needs. */
  begin(field: number): number {
    this.tag(field, WIRE_LEN);
    this.ensure(1);
    this.pos++;
    return this.pos;
  }

  /** Closes the embedded message opened at `start`, writing its length. */
  end(start: number): void {
    const len = this.pos - start;
    let extra = 0;
    for (let v = len; v >= 128; v = Math.floor(v / 128)) extra++;
    if (extra > 0) {
      this.ensure(extra);
      this.buf.copyWithin(start + extra, start, this.pos);
      this.pos += extra;
    }
    let p = start - 1;
    let v = len;
    while (v >= 128) {
      this.buf[p++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.buf[p] = v;
  }

  /** A copy of the bytes written since the last reset. */
  finish(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.buf, 0, this.pos);
  }
}
