/**
 * The audit trail's hash chain (docs/architecture.md principle 8: "the audit trail is hash-chained so tampering is
 * detectable"). Each entry's hash is SHA-256 over a canonical serialisation of the entry including the
 * previous entry's hash, so editing, removing or reordering any entry breaks every hash after it. The store
 * also keeps the chain head (last seq and hash) in its own row, which catches entries cut from the end.
 *
 * What it does not do: an attacker who can write the database can recompute the whole chain. Record the
 * head hash somewhere else (a backup report, a log, paper) to anchor it — see docs/clinic-store.md.
 */
import { createHash } from 'node:crypto';
import type { ClinicCode } from './codes.ts';

/** The hash the first entry points back to. */
export const GENESIS_HASH = '0'.repeat(64);
/** Bumped if the serialisation ever changes; it is part of every hashed entry. */
export const AUDIT_HASH_VERSION = 1;

/** An audit entry as stored: `details` is canonical JSON text, hashed byte for byte. */
export interface StoredAuditEntry {
  readonly seq: number;
  /** Milliseconds since epoch (UTC) when the entry was written. */
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string;
  readonly details: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type UnhashedEntry = Omit<StoredAuditEntry, 'hash'>;

/**
 * Deterministic JSON (in the spirit of RFC 8785): object keys sorted by UTF-16 code units, no whitespace,
 * properties whose value is `undefined` left out (as JSON.stringify does). Non-finite numbers, bigints and
 * other non-JSON values throw: the audit trail must never hold a value two runs could serialise differently.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** SHA-256 (hex) of the entry's canonical serialisation, which includes `prevHash`. */
export function hashEntry(e: UnhashedEntry): string {
  const canonical = canonicalJson({
    v: AUDIT_HASH_VERSION,
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    details: e.details,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The next entry after `head` (or the first, when there is none). */
export function chainNext(
  head: { readonly seq: number; readonly hash: string } | undefined,
  entry: Omit<UnhashedEntry, 'seq' | 'prevHash'>,
): StoredAuditEntry {
  const unhashed: UnhashedEntry = {
    ...entry,
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashEntry(unhashed) };
}

/** What `verifyAudit()` reports. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Entries whose hash was checked. */
  readonly checked: number;
  /** The first sequence number that is missing, edited or mislinked. */
  readonly firstBadSeq?: number;
  readonly problem?: { readonly code: ClinicCode; readonly message: string };
  /** The verified head: record it elsewhere to anchor the chain. */
  readonly headSeq?: number;
  readonly headHash?: string;
}

/**
 * Checks entries fed in ascending seq order, one at a time, so a long trail never has to fit in memory.
 * Stops at the first problem.
 */
export class ChainVerifier {
  #expectedSeq = 1;
  #prevHash = GENESIS_HASH;
  #checked = 0;
  #bad: { seq: number; code: ClinicCode; message: string } | undefined;

  /** False once a problem was found (later entries are not examined). */
  push(e: StoredAuditEntry): boolean {
    if (this.#bad) return false;
    if (e.seq !== this.#expectedSeq) {
      return this.#fail(
        this.#expectedSeq,
        'ITB_R_AUDIT_SEQ_GAP',
        `expected seq ${this.#expectedSeq}, found ${e.seq}`,
      );
    }
    if (e.prevHash !== this.#prevHash) {
      return this.#fail(
        e.seq,
        'ITB_R_AUDIT_PREV_MISMATCH',
        `entry ${e.seq} does not link to entry ${e.seq - 1}`,
      );
    }
    this.#checked += 1;
    if (hashEntry(e) !== e.hash) {
      return this.#fail(e.seq, 'ITB_R_AUDIT_HASH_MISMATCH', `entry ${e.seq} does not match its hash`);
    }
    this.#expectedSeq = e.seq + 1;
    this.#prevHash = e.hash;
    return true;
  }

  /** The verdict, comparing the last entry with the recorded head (undefined: no head row). */
  finish(head: { readonly seq: number; readonly hash: string } | undefined): AuditVerification {
    const checked = this.#checked;
    if (this.#bad) {
      const { seq, code, message } = this.#bad;
      return { ok: false, checked, firstBadSeq: seq, problem: { code, message } };
    }
    const lastSeq = this.#expectedSeq - 1;
    const headSeq = head?.seq ?? 0;
    const headHash = head?.hash ?? GENESIS_HASH;
    if (headSeq !== lastSeq || headHash !== this.#prevHash) {
      // Cut from the end: the first missing one. Appended behind the head's back: the first extra one.
      // Same length: the last entry or the head itself was rewritten.
      const firstBadSeq = headSeq > lastSeq ? lastSeq + 1 : headSeq < lastSeq ? headSeq + 1 : lastSeq;
      const message =
        headSeq > lastSeq
          ? `the head records ${headSeq} entries but only ${lastSeq} remain`
          : `the head (seq ${headSeq}) does not match the last entry (seq ${lastSeq})`;
      return { ok: false, checked, firstBadSeq, problem: { code: 'ITB_R_AUDIT_HEAD_MISMATCH', message } };
    }
    return { ok: true, checked, headSeq, headHash };
  }

  #fail(seq: number, code: ClinicCode, message: string): false {
    this.#bad = { seq, code, message };
    return false;
  }
}

/** Verifies a whole in-memory chain against its head. */
export function verifyChain(
  entries: Iterable<StoredAuditEntry>,
  head: { readonly seq: number; readonly hash: string } | undefined,
): AuditVerification {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.finish(head);
}
