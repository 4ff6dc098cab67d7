import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit, initialAudit, refill } from './audit.ts';
import { admitWakeup, handshakeAllowed, INITIAL_GUARD, noteFailure, noteSuccess } from './guard.ts';
import { backoffMs, DEFAULT_LINK_LIMITS as L } from './limits.ts';

describe('wake-up guard (Halperin 2008 battery drain; protocol.md §5.2)', () => {
  it('doubles the back-off per failure from the base up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(L, n))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(L, 0)).toBe(0);
    expect(backoffMs(L, 11)).toBe(L.backoffMaxMs.value);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => backoffMs(L, n) <= backoffMs(L, n + 1)),
    );
  });

  it('ignores and counts wake-ups during a back-off, then reports how many once it ends', () => {
    const f = noteFailure(L, INITIAL_GUARD, 0);
    expect(f.events).toMatchObject([
      { code: 'ITB_R_LINK_BACKOFF_STARTED', detail: { failures: 1, backoffMs: 1_000 } },
    ]);
    let g = f.guard;
    for (let t = 100; t < 1_000; t += 100) {
      const a = admitWakeup(g, t);
      expect(a.admit).toBe(false);
      expect(a.events).toEqual([]);
      g = a.guard;
    }
    const after = admitWakeup(g, 1_000);
    expect(after.admit).toBe(true);
    expect(after.events).toMatchObject([{ code: 'ITB_R_LINK_WAKEUPS_IGNORED', detail: { count: 9 } }]);
  });

  it('forgets failures after the failure memory and clears them on a confirmed session', () => {
    const g = [0, 1, 2].reduce((acc, t) => noteFailure(L, acc, t).guard, INITIAL_GUARD);
    expect(g.failures).toBe(3);
    expect(noteFailure(L, g, 2 + L.failureMemoryMs.value + 1).guard.failures).toBe(1);
    expect(noteSuccess(g)).toMatchObject({ failures: 0, backoffUntil: 0 });
  });

  it('spaces key agreements by the minimum interval', () => {
    const g = { ...INITIAL_GUARD, lastHandshakeAt: 10_000 };
    expect(handshakeAllowed(L, g, 10_999)).toBe(false);
    expect(handshakeAllowed(L, g, 11_000)).toBe(true);
    expect(handshakeAllowed(L, INITIAL_GUARD, 0)).toBe(true);
  });
});

describe('link log budget (protocol.md §5.4: log flooding would flush the dose history)', () => {
  it('never writes more than the budget plus one entry per refill interval, whatever the load', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 600_000 }), { maxLength: 400 }), (gaps) => {
        let a = initialAudit(L, 0);
        let t = 0;
        let written = 0;
        let counted = 0;
        for (const gap of gaps) {
          t += gap;
          a = refill(L, a, t);
          const r = audit(L, a, t, 'ITB_E_LINK_CRC', {});
          a = r.audit;
          written += r.events.length;
          counted += r.events.reduce(
            (n, e) => n + (typeof e.detail.count === 'number' ? e.detail.count : 1),
            0,
          );
        }
        // Every entry is either written or counted in a later summary (or still pending in the state).
        return (
          written <= L.logBudget.value + Math.floor(t / L.logRefillMs.value) &&
          counted + a.suppressed === gaps.length
        );
      }),
      { numRuns: 300 },
    );
  });

  it('always writes session opened/closed entries', () => {
    const empty = { tokens: 0, refilledAt: 0, suppressed: 5 };
    expect(audit(L, empty, 1, 'ITB_R_LINK_SESSION_OPENED', {}).events).toHaveLength(1);
    expect(audit(L, empty, 1, 'ITB_E_LINK_AUTH', {}).events).toHaveLength(0);
  });
});
