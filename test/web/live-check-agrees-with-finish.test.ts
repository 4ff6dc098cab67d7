/**
 * The programming page's live check disagreed with its Finish screen for a pump that runs no programme (a
 * replacement pump before its programme is sent; walk of the demo): the live check compared the typed dose
 * with the prescription on record, the Finish screen (the server's plan, src/programmer/titrate.ts) with the
 * dose the patient received (src/programmer/not-running.ts). After an interruption beyond baclofen's 6 h
 * restart threshold (docs/clinical-reference.md §2), the full old dose read "OK, no change" live and was a
 * restart on Finish, while the restart dose read "Warning −50 %, withdrawal risk" live. The live check
 * (web/src/programming/live-review.ts) now runs the plan's own review from what the page knows of the pump:
 * its interrogation, else the board's row. The property: from the same inputs, the live check and the plan
 * give the same verdict for the same reasons.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotDeliveringRow } from '../../src/clinic/not-delivering.ts';
import type { PrescriptionRecord } from '../../src/clinic/clinical-records.ts';
import { toJson } from '../../src/programmer/diff.ts';
import { interrogate, snapshotJson, type Snapshot } from '../../src/programmer/interrogate.ts';
import { makeRig, type Rig } from '../../src/programmer/test-rig.ts';
import { planTitration } from '../../src/programmer/titrate.ts';
import type { TitrationPhase } from '../../src/therapy/titration.ts';
import type { Reason } from '../../src/therapy/verdict.ts';
import { liveReview } from '../../web/src/programming/live-review.ts';

const HOUR = 3_600_000;
const patient = { etiology: 'spinal', birthDate: '1975-06-15', opioidStatus: null } as const;

let rig: Rig;
let running: Snapshot;
let head: PrescriptionRecord;
beforeAll(async () => {
  rig = await makeRig({ doseMcg: 352 });
  running = await interrogate(rig.client);
  const h = await rig.store.currentPrescription(rig.patientId, { actor: rig.target.actor });
  if (h === null) throw new Error('the rig records a prescription');
  head = h;
});
afterAll(() => rig.close());

/** The board's row of a pump the records say runs no programme since `since` (none: a running pump). */
const boardRow = (since: number | null): NotDeliveringRow => ({
  status: 'ok',
  emptySince: null,
  stoppedSince: since,
  stoppedSinceTimeKnown: true,
  conditions:
    since === null
      ? []
      : [{ condition: 'not-running', severity: 'critical', since, message: 'the pump runs no programme' }],
  reasons: [],
  eosPassed: false,
  eosAt: null,
});

interface Case {
  readonly doseMcg: number;
  readonly stoppedHoursAgo: number | null;
  readonly interrogated: boolean;
  readonly phase: TitrationPhase;
  readonly cnsReviewed: boolean;
}

/** The live check and the plan for one case, from the same pump, records and clock. */
function both(c: Case) {
  const now = rig.deps.now();
  const since = c.stoppedHoursAgo === null ? null : now - c.stoppedHoursAgo * HOUR;
  const snapshot: Snapshot = since === null ? running : { ...running, prescription: { mode: 'stopped' } };
  const proposed = {
    mode: 'simple-continuous',
    drug: 'baclofen',
    concentrationMcgPerMl: 2000,
    doseMcgPerDay: c.doseMcg,
  } as const;
  const plan = planTitration({
    snapshot,
    proposed,
    patient,
    head,
    phase: c.phase,
    now,
    cnsDepressantsReviewed: c.cnsReviewed,
    ...(since === null ? {} : { interruptedSince: { at: since, timeKnown: true } }),
  });
  const live = liveReview({
    proposed,
    patient,
    head,
    asOf: now,
    lastDoseChangeAt: null,
    phase: c.phase,
    cnsDepressantsReviewed: c.cnsReviewed,
    // The page's interrogation as the API answers it, or none (the board's row alone).
    snapshot: c.interrogated ? (toJson(snapshotJson(snapshot)) as Record<string, unknown>) : null,
    row: boardRow(since),
  });
  return { plan: plan.guardrail, live: live.guardrail };
}

const said = (reasons: readonly Reason[]) => reasons.map((r) => `${r.severity} ${r.code}`).sort();

describe('the live check of the programming page, against its Finish screen', () => {
  it('live check disagreed with Finish for a pump that runs no programme: 48 h after a replacement the full old dose read "OK, no change" live, a restart on Finish', () => {
    for (const interrogated of [true, false]) {
      const old = both({
        doseMcg: 352,
        stoppedHoursAgo: 48,
        interrogated,
        phase: 'titration',
        cnsReviewed: false,
      });
      expect(old.live.verdict).not.toBe('ok');
      expect(said(old.live.reasons)).toEqual(said(old.plan.reasons));
      expect(old.live.reasons.map((r) => r.message).join(' ')).toMatch(
        /runs no programme: no drug delivered since .* \(2 days 0 h\); the programme sent is a restart/,
      );
      // Within the 6 h threshold the step is checked from the prescription on record: the same dose is no step.
      const soon = both({
        doseMcg: 352,
        stoppedHoursAgo: 1,
        interrogated,
        phase: 'titration',
        cnsReviewed: false,
      });
      expect(said(soon.live.reasons)).toEqual(said(soon.plan.reasons));
      expect(soon.live.reasons.map((r) => r.message).join(' ')).toMatch(/within 6 h: the step is checked/);
    }
  });

  it('property: from the same pump, records and clock, the live check gives the plan’s verdict for the plan’s reasons', () => {
    fc.assert(
      fc.property(
        fc.record({
          doseMcg: fc.integer({ min: 20, max: 1200 }),
          stoppedHoursAgo: fc.option(fc.double({ min: 0.05, max: 24 * 30, noNaN: true }), { nil: null }),
          interrogated: fc.boolean(),
          phase: fc.constantFrom<TitrationPhase>('titration', 'maintenance'),
          cnsReviewed: fc.boolean(),
        }),
        (c) => {
          const { plan, live } = both(c);
          expect(live.verdict).toBe(plan.verdict);
          expect(said(live.reasons)).toEqual(said(plan.reasons));
        },
      ),
      { numRuns: 300 },
    );
  });
});
