/**
 * Payloads of the two small control frames (docs/protocol.md §2.4, §4.4): ERROR, sent in clear by the pump
 * before a session exists (unauthenticated, so advisory only: a client never treats it as the result of a
 * command), and CLOSE, sealed like any session frame.
 */
import type { LinkCode } from './codes.ts';
import { LINK_CODES } from './codes.ts';
import { decoding, Reader, Writer, type Decoded } from './wire.ts';

export interface ErrorPayload {
  readonly code: LinkCode;
  /** How long the sender will ignore the link (0 if not backing off). */
  readonly retryAfterMs: number;
}

export function encodeErrorPayload(e: ErrorPayload): Uint8Array {
  return new Writer().code(e.code).u32(Math.min(e.retryAfterMs, 0xffff_ffff), 'retry after').finish();
}

function isLinkCode(s: string): s is LinkCode {
  return Object.hasOwn(LINK_CODES, s);
}

export function decodeErrorPayload(b: Uint8Array): Decoded<ErrorPayload> {
  return decoding(() => {
    const r: Reader = new Reader(b, 'ITB_E_LINK_PAYLOAD');
    const code = r.code('error code');
    if (!isLinkCode(code)) r.fail(`${code} is not a link code`);
    const retryAfterMs = r.u32('retry after');
    r.end('error');
    return { code, retryAfterMs };
  });
}

/** The plaintext of a CLOSE frame: why the session ends. */
export function encodeClosePayload(code: LinkCode | 'ITB_R_LINK_SESSION_CLOSED'): Uint8Array {
  return new Writer().code(code).finish();
}

export function decodeClosePayload(b: Uint8Array): Decoded<LinkCode> {
  return decoding(() => {
    const r: Reader = new Reader(b, 'ITB_E_LINK_PAYLOAD');
    const code = r.code('close reason');
    if (!isLinkCode(code)) r.fail(`${code} is not a link code`);
    r.end('close');
    return code;
  });
}
