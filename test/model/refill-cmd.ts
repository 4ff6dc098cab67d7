/** The refill command of the model-based test: plan and apply through the HTTP API, right or wrong syringe. */
import type { LightMyRequestResponse } from 'fastify';
import { getProfile } from '../../src/pump/profiles.ts';
import { MS_PER_HOUR, MS_PER_MINUTE, NG_PER_MCG, NL_PER_ML } from '../../src/therapy/quantities.ts';
import { drugEntry, otherDrugSyringe, otherStrengthMcgPerMl, restartThresholdMs } from './label.ts';
import { pumpTruth, readAll, readBoard } from './readers.ts';
import type { Rig, RigPatient } from './rig.ts';
import {
  afterStep,
  MODEL_RESTART_FLAG_AFTER_MS,
  noteContact,
  noteStatus,
  pick,
  P,
  mlText,
  type Cmd,
  type Model,
  pumpInPlace,
} from './model.ts';

/** The nurse's six critical checks, all done. */
export const CONFIRMED = {
  interrogated: true,
  portLocated: true,
  needleAtStop: true,
  residualDrained: true,
  noLeak: true,
  reservoirPortConfirmed: true,
};

export type Syringe = 'right' | 'other-concentration' | 'other-drug' | 'overfill';

/**
 * A refill takes a nurse minutes: when anything was recorded for the patient's pump at this very instant (a
 * refill, or a session: a titration, a catheter change, an interrogation), the clock moves on a minute first
 * (the rig's clock moves only when told). Two records of one pump in the same millisecond cannot happen in a
 * clinic, and at one instant their order is a guess: two refills leave which booking came first to random
 * ids (refill-booking.ts), and a titration read back before a refill at that instant ranks after the refill
 * (pump-contents.ts `rank`), so the board projected from the reservoir before the refill (seeds 754129786,
 * 2871129605).
 */
export async function aMinuteAfterTheLastRecord(rig: Rig, p: RigPatient): Promise<void> {
  const now = rig.clock.now();
  const sys = { actor: 'system:model' };
  const refills = await rig.store.listRefills(p.patient.id, sys);
  const sessions = await rig.store.listProgrammingSessions(p.patient.id, sys);
  if ([...refills, ...sessions].some((r) => r.at === now)) await rig.advance(MS_PER_MINUTE);
}

/** A refill through plan and apply, with the right syringe or a wrong one. */
export class RefillCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly syringe: Syringe,
    readonly volumeMl: number,
    /** Two refills at one instant on purpose (the directed test of their order); else a minute apart. */
    readonly sameInstant = false,
  ) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    if (!this.sameInstant) await aMinuteAfterTheLastRecord(rig, p);
    const before = pumpTruth(rig, p);
    const records = await readAll(rig, p);
    const pumpMcgPerMl = (before.concentration ?? 0) / NG_PER_MCG;
    const drug = drugEntry(pm.drug);
    // The right syringe holds the patient's drug at what the pump holds, or at what a physician's change
    // prescribed for this refill; the wrong ones another strength of it, another drug, or more than the
    // reservoir takes — every strength from the drug library.
    const rightMcgPerMl = pm.prescribed === null ? pumpMcgPerMl : pm.prescribed / NG_PER_MCG;
    // (A drug of one strength only has no other: half the pump's strength is not in the library either.)
    const other = otherStrengthMcgPerMl(drug, [pumpMcgPerMl, rightMcgPerMl]) ?? pumpMcgPerMl / 2;
    const reservoirMl = getProfile(p.implant.deviceProfileId).reservoir.value / NL_PER_ML;
    const fill = {
      right: { drug: drug.id, concentrationMcgPerMl: rightMcgPerMl, volumeMl: this.volumeMl },
      'other-concentration': { drug: drug.id, concentrationMcgPerMl: other, volumeMl: this.volumeMl },
      'other-drug': { ...otherDrugSyringe(drug), volumeMl: this.volumeMl },
      overfill: {
        drug: drug.id,
        concentrationMcgPerMl: pumpMcgPerMl,
        volumeMl: reservoirMl + this.volumeMl / 4,
      },
    }[this.syringe];
    // The nurse drains and measures what the reservoir truly holds.
    const measuredResidualMl = Math.round(before.trueReservoirNl / 10_000) / 100;
    const plan = await rig.call('nurse', 'POST', `${P(p)}/pump/refill/plan`, {
      ...fill,
      measuredResidualMl,
      lot: 'LOT-MBT',
      explanation: 'residual measured with a graduated syringe; pocket checked',
      confirmations: CONFIRMED,
    });
    noteStatus(m, pm, 'refill plan', plan);
    // A refused plan (422: wrong syringe) was still made from an interrogation the clinic recorded.
    if (plan.statusCode === 200 || plan.statusCode === 422) noteContact(rig, p, pm);
    const body =
      plan.statusCode === 200
        ? plan.json<{ planId?: string; stopped?: boolean; projection?: { refillBy: number | null } | null }>()
        : null;
    // An interruption (the pump counted itself empty) longer than the drug's threshold (with the model's
    // margin) must be flagged at restart; a drug whose library entry has no restart rule expects no flag.
    const empty = before.alarms.find((a) => a.type === 'empty-reservoir');
    const threshold = restartThresholdMs(drug);
    if (
      this.syringe === 'right' &&
      empty !== undefined &&
      threshold !== undefined &&
      before.now - empty.since > Math.max(threshold, MODEL_RESTART_FLAG_AFTER_MS)
    ) {
      if (!/ITB_R_[A-Z_]*(RESTART|INTERRUPT)/.test(plan.body)) {
        m.pending.push({
          invariant: 'restart-flagged',
          patient: pm.name,
          detail: `the pump was empty since ${new Date(empty.since).toISOString()} (${((before.now - empty.since) / MS_PER_HOUR).toFixed(0)} h); the refill plan (HTTP ${plan.statusCode}) does not flag the restart`,
        });
      }
    }
    let apply: LightMyRequestResponse | null = null;
    if (body?.planId !== undefined && body.stopped !== true) {
      apply = await rig.call('nurse', 'POST', `${P(p)}/pump/refill/apply`, {
        planId: body.planId,
        confirm: true,
        justification: 'refill per plan',
      });
      noteStatus(m, pm, 'refill apply', apply);
      if (apply.statusCode === 200) noteContact(rig, p, pm);
      // The prescribed new contents are in the pump once the refill is verified (the state check then
      // compares the pump with them).
      if (
        this.syringe === 'right' &&
        pm.prescribed !== null &&
        apply.statusCode === 200 &&
        apply.json<{ status: string }>().status === 'verified'
      ) {
        pm.concentration = pm.prescribed;
        pm.prescribed = null;
      }
      // The wizard's refill-by (the plan's projection) is the board's once the refill is recorded.
      if (apply.statusCode === 200 && apply.json<{ status: string }>().status === 'verified') {
        const row = (await readBoard(rig)).rows.find((r) => r.patientId === p.patient.id);
        const planned = body.projection?.refillBy ?? null;
        if (row !== undefined && row.refillBy !== planned) {
          m.pending.push({
            invariant: 'one-projection',
            patient: pm.name,
            detail: `the refill wizard said refill by ${planned === null ? 'none' : new Date(planned).toISOString()}, the board says ${row.refillBy === null ? 'none' : new Date(row.refillBy).toISOString()}`,
          });
        }
      }
    }
    if (this.syringe !== 'right') {
      const after = pumpTruth(rig, p);
      const now = await readAll(rig, p);
      const changed = [
        after.concentration !== before.concentration &&
          `concentration ${before.concentration} → ${after.concentration}`,
        after.drug !== before.drug && `drug ${before.drug} → ${after.drug}`,
        after.reservoirNl !== before.reservoirNl &&
          `reservoir ${mlText(before.reservoirNl)} → ${mlText(after.reservoirNl)}`,
        JSON.stringify(after.prescription) !== JSON.stringify(before.prescription) && 'pump prescription',
        now.refills.length !== records.refills.length && 'a refill was recorded',
        now.chainLength !== records.chainLength && 'a prescription was recorded',
        now.appointments.length !== records.appointments.length && 'a booking was made',
        apply?.statusCode === 200 && `apply answered 200`,
      ].filter((x): x is string => typeof x === 'string');
      if (changed.length > 0) {
        m.pending.push({
          invariant: 'wrong-syringe-changes-nothing',
          patient: pm.name,
          detail: `${this.syringe} syringe (${fill.drug} ${fill.concentrationMcgPerMl} mcg/mL, ${fill.volumeMl} mL) into a pump holding ${before.drug} ${pumpMcgPerMl} mcg/mL: ${changed.join('; ')}`,
        });
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `refill(${this.i}, ${this.syringe}, ${this.volumeMl} mL)`;
}
