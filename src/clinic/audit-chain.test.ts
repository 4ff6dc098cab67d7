/**
 * The audit hash chain (docs/architecture.md principle 8: "the audit trail is hash-chained so tampering is
 * detectable"): properties over random trails and random tampering.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  chainNext,
  hashEntry,
  verifyChain,
  type StoredAuditEntry,
} from './audit-chain.ts';

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const entryArb = fc.record({
  at: fc.integer({ min: 0, max: 4_102_444_800_000 }),
  actor: fc.string({ minLength: 1, maxLength: 12 }),
  action: fc.constantFrom('create', 'view', 'list', 'resolve', 'view-keys', 'backup'),
  entity: fc.constantFrom('patient', 'implant', 'prescription', 'refill', 'alert'),
  entityId: fc.uuid(),
  details: jsonValue.map((v) => canonicalJson(v)),
});

function build(entries: readonly Omit<StoredAuditEntry, 'seq' | 'prevHash' | 'hash'>[]): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  for (const e of entries) out.push(chainNext(out.at(-1), e));
  return out;
}
const headOf = (chain: readonly StoredAuditEntry[]) => {
  const last = chain.at(-1);
  return last && { seq: last.seq, hash: last.hash };
};

/** Every field an attacker might edit, with a change that surely differs. */
const MUTATIONS: ReadonlyArray<(e: StoredAuditEntry) => StoredAuditEntry> = [
  (e) => ({ ...e, at: e.at + 1 }),
  (e) => ({ ...e, actor: e.actor + 'x' }),
  (e) => ({ ...e, action: e.action === 'view' ? 'create' : 'view' }),
  (e) => ({ ...e, entity: e.entity + 's' }),
  (e) => ({ ...e, entityId: e.entityId + '0' }),
  (e) => ({ ...e, details: canonicalJson({ forged: e.details }) }),
  (e) => ({ ...e, prevHash: e.prevHash.replace(/^./, (c) => (c === 'f' ? '0' : 'f')) }),
  (e) => ({ ...e, hash: e.hash.replace(/^./, (c) => (c === 'f' ? '0' : 'f')) }),
];

describe('audit hash chain', () => {
  it('an untouched chain verifies, whatever its entries', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), (entries) => {
        const chain = build(entries);
        const v = verifyChain(chain, headOf(chain));
        expect(v).toMatchObject({ ok: true, checked: chain.length, headSeq: chain.length });
        expect(chain[0]?.prevHash ?? GENESIS_HASH).toBe(GENESIS_HASH);
      }),
    );
  });

  it('editing any field of any entry is detected at that entry', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        fc.integer({ min: 0, max: MUTATIONS.length - 1 }),
        (entries, pick, m) => {
          const chain = build(entries);
          const head = headOf(chain);
          const i = pick % chain.length;
          const tampered = chain.map((e, j) => (j === i ? MUTATIONS[m]!(e) : e));
          const v = verifyChain(tampered, head);
          expect(v.ok).toBe(false);
          expect(v.firstBadSeq).toBe(i + 1);
        },
      ),
    );
  });

  it('deleting any entry is detected at the missing seq (the last one through the head)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 25 }), fc.nat(), (entries, pick) => {
        const chain = build(entries);
        const i = pick % chain.length;
        const v = verifyChain(
          chain.filter((_, j) => j !== i),
          headOf(chain),
        );
        expect(v).toMatchObject({
          ok: false,
          firstBadSeq: i + 1,
          problem: { code: i === chain.length - 1 ? 'ITB_R_AUDIT_HEAD_MISMATCH' : 'ITB_R_AUDIT_SEQ_GAP' },
        });
      }),
    );
  });

  it('swapping two entries is detected at the first of them', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 2, maxLength: 20 }),
        fc.nat(),
        fc.nat(),
        (entries, a, b) => {
          const chain = build(entries);
          const [i, j] = [a % chain.length, b % chain.length].sort((x, y) => x - y) as [number, number];
          fc.pre(i !== j);
          const swapped = [...chain];
          [swapped[i], swapped[j]] = [chain[j]!, chain[i]!];
          expect(verifyChain(swapped, headOf(chain))).toMatchObject({ ok: false, firstBadSeq: i + 1 });
        },
      ),
    );
  });

  it('a rebuilt chain with one entry changed ends at a different head (why the head is worth anchoring)', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 15 }), fc.nat(), (entries, pick) => {
        const i = pick % entries.length;
        const forged = build(entries.map((e, j) => (j === i ? { ...e, actor: e.actor + '!' } : e)));
        const real = build(entries);
        expect(verifyChain(forged, headOf(forged)).ok).toBe(true);
        expect(headOf(forged)?.hash).not.toBe(headOf(real)?.hash);
      }),
    );
  });
});

describe('canonicalJson', () => {
  it('does not depend on key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), jsonValue), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('sorts keys, drops undefined properties and refuses values JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: undefined })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ x: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(new Date(0))).toThrow(TypeError);
  });

  it('hashes are SHA-256 hex and cover the previous hash', () => {
    const e = { seq: 1, at: 0, actor: 'a', action: 'view', entity: 'patient', entityId: 'p', details: '{}' };
    const h1 = hashEntry({ ...e, prevHash: GENESIS_HASH });
    expect(h1).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry({ ...e, prevHash: 'f'.repeat(64) })).not.toBe(h1);
  });
});
