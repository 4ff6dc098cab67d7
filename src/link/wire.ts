/**
 * Byte-level reading and writing for the link codecs: big-endian integers, bounded ASCII codes, and a
 * result type so that decoding untrusted bytes never throws past the codec boundary (only typed errors
 * come out; docs/clinical-reference.md §5 CVE-2019-6538: the parser is the attack surface).
 */
import { ItbError } from '../therapy/codes.ts';
import type { LinkCode } from './codes.ts';

/** A decoding outcome: the value, or a link error code with a message. Never an exception. */
export type Decoded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: LinkCode; readonly message: string };

/** Thrown inside codecs by {@link Reader}; converted to a {@link Decoded} failure at the boundary. */
export class WireError extends ItbError {
  constructor(
    readonly linkCode: LinkCode,
    message: string,
  ) {
    super(linkCode, message);
  }
}

/** Runs a codec body and turns a {@link WireError} into a failure result; other errors propagate (bugs). */
export function decoding<T>(body: () => T): Decoded<T> {
  try {
    return { ok: true, value: body() };
  } catch (e) {
    if (e instanceof WireError) return { ok: false, code: e.linkCode, message: e.message };
    throw e;
  }
}

/** Project codes on the wire: `ITB_E_…`/`ITB_R_…`, upper snake case, at most this many bytes. */
export const MAX_CODE_BYTES = 48;
const CODE_RE = /^ITB_[ER]_[A-Z0-9_]+$/;

/** A cursor over untrusted bytes: every read is bounds-checked and fails with a typed error. */
export class Reader {
  private pos = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly failCode: LinkCode = 'ITB_E_LINK_MALFORMED_COMMAND',
  ) {}

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(message: string): never {
    throw new WireError(this.failCode, message);
  }

  private need(n: number, what: string): void {
    if (this.remaining < n) this.fail(`${what}: needs ${n} bytes, ${this.remaining} left`);
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++]!;
  }

  u16(what: string): number {
    this.need(2, what);
    const v = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  /** A signed 16-bit integer (two's complement). */
  i16(what: string): number {
    const v = this.u16(what);
    return v >= 0x8000 ? v - 0x1_0000 : v;
  }

  u32(what: string): number {
    this.need(4, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  /** A non-negative integer in 8 bytes that must be a safe integer (e.g. epoch milliseconds). */
  u64(what: string): number {
    const hi = this.u32(what);
    const lo = this.u32(what);
    if (hi > 0x1f_ffff) this.fail(`${what}: ${hi} × 2^32 exceeds the safe integer range`);
    return hi * 0x1_0000_0000 + lo;
  }

  /** A signed integer in 8 bytes (two's complement) that must be a safe integer. */
  i64(what: string): number {
    const hi = this.u32(what);
    const lo = this.u32(what);
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    const signed = hi >= 0x8000_0000 ? v - (1n << 64n) : v;
    if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
      this.fail(`${what}: outside the safe integer range`);
    }
    return Number(signed);
  }

  bytesOf(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A project code: u8 length then ASCII, validated against the code grammar. */
  code(what: string): string {
    const n = this.u8(what);
    if (n === 0 || n > MAX_CODE_BYTES) this.fail(`${what}: code length ${n} outside 1–${MAX_CODE_BYTES}`);
    const raw = this.bytesOf(n, what);
    let s = '';
    for (const c of raw) s += String.fromCharCode(c);
    if (!CODE_RE.test(s)) this.fail(`${what}: not a project code`);
    return s;
  }

  /** Fails unless every byte was consumed: trailing bytes are never silently ignored. */
  end(what: string): void {
    if (this.remaining !== 0) this.fail(`${what}: ${this.remaining} unexpected trailing bytes`);
  }
}

/** Appends big-endian fields to a growing buffer. Values are checked: writing never truncates silently. */
export class Writer {
  private buf = new Uint8Array(64);
  private len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private check(v: number, max: number, what: string): void {
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new ItbError('ITB_E_OUT_OF_RANGE', `${what} = ${v} does not fit 0–${max}`);
    }
  }

  u8(v: number, what = 'u8'): this {
    this.check(v, 0xff, what);
    this.room(1);
    this.buf[this.len++] = v;
    return this;
  }

  u16(v: number, what = 'u16'): this {
    this.check(v, 0xffff, what);
    this.room(2);
    this.buf[this.len++] = v >>> 8;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  i16(v: number, what = 'i16'): this {
    if (!Number.isInteger(v) || v < -0x8000 || v > 0x7fff) {
      throw new ItbError('ITB_E_OUT_OF_RANGE', `${what} = ${v} does not fit a signed 16-bit integer`);
    }
    return this.u16(v < 0 ? v + 0x1_0000 : v, what);
  }

  u32(v: number, what = 'u32'): this {
    this.check(v, 0xffff_ffff, what);
    this.room(4);
    this.buf[this.len++] = v >>> 24;
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u64(v: number, what = 'u64'): this {
    this.check(v, Number.MAX_SAFE_INTEGER, what);
    return this.u32(Math.floor(v / 0x1_0000_0000), what).u32(v % 0x1_0000_0000, what);
  }

  i64(v: number, what = 'i64'): this {
    if (!Number.isSafeInteger(v)) throw new ItbError('ITB_E_OUT_OF_RANGE', `${what} = ${v} is not safe`);
    const u = BigInt.asUintN(64, BigInt(v));
    return this.u32(Number(u >> 32n), what).u32(Number(u & 0xffff_ffffn), what);
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  code(s: string, what = 'code'): this {
    if (!CODE_RE.test(s) || s.length > MAX_CODE_BYTES) {
      throw new ItbError('ITB_E_INVALID_INPUT', `${what}: ${JSON.stringify(s)} is not a wire code`);
    }
    this.u8(s.length);
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.len++] = s.charCodeAt(i);
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Two hex digits for each byte value (toHex runs for every command id on the link: issue 14). */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of bytes. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_BYTE[b[i]!];
  return s;
}

/** Bytes of a hex string (whitespace ignored); throws on odd length or non-hex characters. */
export function fromHex(hex: string): Uint8Array {
  const out = hexDigits(hex) ?? hexDigits(hex.replace(/\s+/g, ''));
  if (out === undefined) throw new ItbError('ITB_E_INVALID_INPUT', 'not a hex string');
  return out;
}

/** The bytes of a string of hex digits only (even length), or undefined. One pass, no regular expression. */
function hexDigits(s: string): Uint8Array | undefined {
  if (s.length % 2 !== 0) return undefined;
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(s.charCodeAt(2 * i));
    const lo = nibble(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return undefined;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** The value of one hex digit's character code, or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  if (c >= 97 && c <= 102) return c - 87; // a-f
  if (c >= 65 && c <= 70) return c - 55; // A-F
  return -1;
}

/** Constant-time equality of two byte strings of the same length (false if lengths differ). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}
