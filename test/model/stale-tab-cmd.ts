/**
 * Two tabs refill one pump: both plan from the same state, the first confirms, then the second — whose plan
 * was made before the first refill was recorded — confirms too. The second must act never: refused
 * (ITB_E_PROG_PLAN_STALE), no second refill recorded, the pump untouched (docs/invariants.md, "A refill plan
 * acts only on the refills on record when it was made").
 */
import { NG_PER_MCG } from '../../src/therapy/quantities.ts';
import { pumpTruth, readAll } from './readers.ts';
import { aMinuteAfterTheLastRecord, CONFIRMED } from './refill-cmd.ts';
import type { Rig } from './rig.ts';
import {
  afterStep,
  mlText,
  noteContact,
  noteStatus,
  pick,
  P,
  type Cmd,
  type Model,
  pumpInPlace,
} from './model.ts';

export class StaleTabRefillCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly volumeMl: number,
  ) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    await aMinuteAfterTheLastRecord(rig, p);
    const truth = pumpTruth(rig, p);
    const concentrationMcgPerMl = (pm.prescribed ?? truth.concentration ?? pm.concentration) / NG_PER_MCG;
    const plan = () =>
      rig.call('nurse', 'POST', `${P(p)}/pump/refill/plan`, {
        drug: pm.drug,
        concentrationMcgPerMl,
        volumeMl: this.volumeMl,
        measuredResidualMl: Math.round(pumpTruth(rig, p).trueReservoirNl / 10_000) / 100,
        lot: 'LOT-MBT',
        explanation: 'residual measured with a graduated syringe; pocket checked',
        confirmations: CONFIRMED,
      });
    const first = await plan();
    const second = await plan();
    noteStatus(m, pm, 'refill plan (first tab)', first);
    noteStatus(m, pm, 'refill plan (second tab)', second);
    const ids = [first, second].map((r) =>
      r.statusCode === 200 ? r.json<{ planId?: string; stopped?: boolean }>() : null,
    );
    const [a, b] = ids;
    if (a?.planId === undefined || b?.planId === undefined || a.stopped === true || b.stopped === true) {
      // A plan refused or stopped (an empty pump's restart, an alarm): nothing for two tabs to race over.
      if (first.statusCode === 200 || second.statusCode === 200) noteContact(rig, p, pm);
      await afterStep(m, rig, this.toString(), this.i);
      return;
    }
    const apply = (planId: string) =>
      rig.call('nurse', 'POST', `${P(p)}/pump/refill/apply`, {
        planId,
        confirm: true,
        justification: 'refill per plan',
      });
    const applied = await apply(a.planId);
    noteStatus(m, pm, 'refill apply (first tab)', applied);
    if (applied.statusCode === 200) {
      noteContact(rig, p, pm);
      if (pm.prescribed !== null && applied.json<{ status: string }>().status === 'verified') {
        pm.concentration = pm.prescribed;
        pm.prescribed = null;
      }
    }
    const before = pumpTruth(rig, p);
    const records = await readAll(rig, p);
    const stale = await apply(b.planId);
    noteStatus(m, pm, 'refill apply (second tab)', stale);
    const after = pumpTruth(rig, p);
    const now = await readAll(rig, p);
    const changed = [
      applied.statusCode === 200 &&
        stale.statusCode === 200 &&
        'the second tab’s plan, made before the first refill was recorded, answered 200',
      applied.statusCode === 200 &&
        stale.statusCode !== 409 &&
        `the second tab’s plan answered ${stale.statusCode}, not 409 (${stale.body.slice(0, 120)})`,
      applied.statusCode === 200 &&
        !stale.body.includes('ITB_E_PROG_PLAN_STALE') &&
        'the refusal does not name ITB_E_PROG_PLAN_STALE',
      after.reservoirNl !== before.reservoirNl &&
        `reservoir ${mlText(before.reservoirNl)} → ${mlText(after.reservoirNl)}`,
      after.concentration !== before.concentration &&
        `concentration ${before.concentration} → ${after.concentration}`,
      now.refills.length !== records.refills.length && 'a second refill was recorded',
      now.appointments.length !== records.appointments.length && 'a booking was made',
    ].filter((x): x is string => typeof x === 'string');
    if (changed.length > 0) {
      m.pending.push({ invariant: 'stale-plan-acts-never', patient: pm.name, detail: changed.join('; ') });
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `staleTabRefill(${this.i}, ${this.volumeMl} mL)`;
}
