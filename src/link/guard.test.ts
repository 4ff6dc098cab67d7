import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audit, initialAudit, refill } from './audit.ts';
import {
  admitWakeup,
  helloSeen,
  initialGuard,
  keyAgreementAllowed,
  noteFailure,
  noteSuccess,
  rememberHello,
  sampleArrival,
  takeAnswer,
  type SampleWindow,
} from './guard.ts';
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

  it('reads every wake-up below the receiver budget, then samples at random and reports what it dropped', () => {
    const budget = L.wakeupReads.value;
    const win = L.wakeupWindowMs.value;
    let g = initialGuard(0);
    // A quiet window: everything is read, whatever the coin.
    for (let i = 0; i < budget; i++) {
      const a = admitWakeup(L, g, i, 0.999);
      expect(a.admit).toBe(true);
      g = a.guard;
    }
    // Ten times the budget arrived: in the next window each frame is read with probability 1/10.
    for (let i = 0; i < 9 * budget; i++) g = admitWakeup(L, g, budget + i, 0).guard;
    const high = admitWakeup(L, g, win, 0.2);
    expect(high.admit).toBe(false);
    const low = admitWakeup(L, high.guard, win + 1, 0.05);
    expect(low.admit).toBe(true);
    expect(low.events).toMatchObject([{ code: 'ITB_R_LINK_WAKEUPS_IGNORED' }]);
    expect(low.events[0]!.detail.count).toBe(high.guard.ignored);
  });

  it('never reads more than twice the budget in a window, and about the budget under any flood', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 0.9999, noNaN: true })), {
          maxLength: 3_000,
        }),
        (arrivals) => {
          let g = initialGuard(0);
          let t = 0;
          const reads = new Map<number, number>();
          for (const [gap, coin] of arrivals) {
            t += gap;
            const a = admitWakeup(L, g, t, coin);
            g = a.guard;
            if (a.admit) reads.set(g.windowStart, (reads.get(g.windowStart) ?? 0) + 1);
          }
          return [...reads.values()].every((n) => n <= 2 * L.wakeupReads.value);
        },
      ),
    );
  });

  it('cannot be gamed by timing: under a steady flood a fresh frame is read with about budget/arrivals', () => {
    let g = initialGuard(0);
    let read = 0;
    let seed = 1;
    const coin = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    // 200 frames/s for 20 s, perfectly periodic.
    for (let t = 0; t < 20_000; t += 5) {
      const a = admitWakeup(L, g, t, coin());
      g = a.guard;
      if (a.admit) read++;
    }
    const perSecond = read / 20;
    expect(perSecond).toBeGreaterThan(0.6 * L.wakeupReads.value);
    expect(perSecond).toBeLessThan(1.4 * L.wakeupReads.value);
  });

  it('forgets failures after the failure memory and clears them on a confirmed session', () => {
    const g = [0, 1, 2].reduce((acc, t) => noteFailure(L, acc, t).guard, initialGuard());
    expect(g.failures).toBe(3);
    expect(noteFailure(L, g, 2 + L.failureMemoryMs.value + 1).guard.failures).toBe(1);
    expect(noteSuccess(g)).toMatchObject({ failures: 0, backoffUntil: 0 });
  });

  it('spaces key agreements by the minimum interval and refuses them during a back-off', () => {
    const g = { ...initialGuard(), lastHandshakeAt: 10_000 };
    expect(keyAgreementAllowed(L, g, 10_999)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(keyAgreementAllowed(L, g, 11_000).allowed).toBe(true);
    expect(keyAgreementAllowed(L, initialGuard(), 0).allowed).toBe(true);
    const backing = noteFailure(L, initialGuard(), 0).guard;
    expect(keyAgreementAllowed(L, backing, 500)).toMatchObject({
      allowed: false,
      code: 'ITB_E_LINK_BACKOFF',
      retryAfterMs: 500,
    });
  });

  it('remembers the last helloMemory ephemeral keys of key agreements', () => {
    let g = initialGuard();
    const n = L.helloMemory.value;
    for (let i = 0; i <= n; i++) g = rememberHello(L, g, `k${i}`);
    expect(helloSeen(g, 'k0')).toBe(false);
    expect(helloSeen(g, 'k1')).toBe(true);
    expect(helloSeen(g, `k${n}`)).toBe(true);
    expect(g.recentHellos).toHaveLength(n);
  });

  it('spaces ERROR answers to unauthenticated frames', () => {
    const first = takeAnswer(L, initialGuard(), 0);
    expect(first.answer).toBe(true);
    expect(takeAnswer(L, first.guard, L.errorAnswerMinIntervalMs.value - 1).answer).toBe(false);
    expect(takeAnswer(L, first.guard, L.errorAnswerMinIntervalMs.value).answer).toBe(true);
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

  it('the HELLO tag-check budget takes every HELLO below the budget and never more than twice it in a window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(50), fc.double({ min: 0, max: 0.999_999, noNaN: true })), {
          maxLength: 400,
        }),
        (arrivals) => {
          const budget = L.helloTagChecks.value;
          let w: SampleWindow = { start: 0, arrivals: 0, taken: 0, lastArrivals: 0 };
          let t = 0;
          const takenIn = new Map<number, number>();
          for (const [gap, coin] of arrivals) {
            t += gap;
            const r = sampleArrival(w, budget, 1_000, t, coin);
            if (w.lastArrivals === 0 && w.arrivals < budget && t - w.start < 1_000) expect(r.take).toBe(true);
            w = r.window;
            if (r.take) takenIn.set(w.start, (takenIn.get(w.start) ?? 0) + 1);
          }
          for (const n of takenIn.values()) expect(n).toBeLessThanOrEqual(2 * budget);
        },
      ),
    );
  });
});
