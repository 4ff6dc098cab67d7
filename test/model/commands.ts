/**
 * The clinic actions of the model-based test, each through the HTTP API as the clinician would act: refills
 * with the right syringe and with wrong ones, titrations (continuous and flex), clock jumps, alarm tests,
 * catheter changes, interrogations and reading the papers (PDFs, FHIR). After every action the model checks
 * every invariant (invariants.ts) for every patient against the pump and the world.
 */
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { dailyDose } from '../../src/therapy/dose-math.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../../src/therapy/prescription-json.ts';
import { MS_PER_DAY, MS_PER_HOUR, NG_PER_MCG, NL_PER_ML } from '../../src/therapy/quantities.ts';
import {
  alertNames,
  checkState,
  describe,
  type Invariant,
  type PatientModel,
  type Violation,
} from './invariants.ts';
import { pumpPrescription, pumpTruth, readAll, readBoard, readPatientOwn } from './readers.ts';
import type { Rig, RigPatient } from './rig.ts';

/**
 * An interruption longer than this must be flagged at the refill that restarts the pump. The model uses
 * 72 h, above any threshold the drug library may name for baclofen (label: do not restart at the prior full
 * dose after an interruption; docs/clinical-reference.md §2), so it never asks for a flag the rule would not give.
 */
export const MODEL_RESTART_FLAG_AFTER_MS = 72 * MS_PER_HOUR;

/** The model: each patient's memory, which invariants fail the run, and what was seen of the others. */
export interface Model {
  readonly patients: PatientModel[];
  readonly enforced: ReadonlySet<Invariant>;
  /** The first violation seen of each invariant not enforced (known faults not yet fixed), with its step. */
  readonly seen: Map<Invariant, string>;
  /** Violations found by the running command (command-level invariants). */
  pending: Violation[];
  step: number;
  /** The commands run so far, for the failure report. */
  readonly history: string[];
  /** Pump requests the link failed (no answer from the pump): such a step tested nothing of the clinic. */
  readonly linkFailures: string[];
}

export type Cmd = fc.AsyncCommand<Model, Rig>;

const P = (p: RigPatient) => `/api/v1/patients/${p.patient.id}`;
const mlText = (nl: number) => `${(nl / NL_PER_ML).toFixed(3)} mL`;

function pick(m: Model, rig: Rig, i: number): { p: RigPatient; pm: PatientModel } {
  const p = rig.patients[i % rig.patients.length] as RigPatient;
  const pm = m.patients[i % m.patients.length] as PatientModel;
  return { p, pm };
}

/** A server error is a violation whatever the request. */
function noteStatus(m: Model, pm: PatientModel, what: string, res: LightMyRequestResponse): void {
  if (res.statusCode >= 500) {
    m.pending.push({
      invariant: 'no-server-error',
      patient: pm.name,
      detail: `${what}: HTTP ${res.statusCode} ${res.body.slice(0, 300)}`,
    });
  }
  if (res.body.includes('ITB_E_LINK_'))
    m.linkFailures.push(`step ${m.step + 1} ${what}: ${res.body.slice(0, 200)}`);
}

/** After the clinic talked to the pump: what the pump reports now is what the clinic knows of its states. */
function noteContact(rig: Rig, p: RigPatient, pm: PatientModel): void {
  const now = rig.clock.now();
  const alarms = pumpTruth(rig, p).alarms;
  for (const type of [...pm.reported.keys()])
    if (!alarms.some((a) => a.type === type)) pm.reported.delete(type);
  for (const a of alarms)
    if (!pm.reported.has(a.type)) pm.reported.set(a.type, { since: a.since, reportedAt: now });
}

/** Checks every patient after a step; enforced violations fail the run, the others are remembered. */
/**
 * Checks after a step: every patient, or only `touched` when the step acted on one patient without moving
 * the clock (the others' records and pumps did not change, so their last check still holds).
 */
export async function afterStep(m: Model, rig: Rig, label: string, touched?: number): Promise<void> {
  m.step += 1;
  m.history.push(label);
  const vs = [...m.pending];
  m.pending = [];
  const board = await readBoard(rig);
  for (const [i, p] of rig.patients.entries()) {
    if (touched !== undefined && i !== touched % rig.patients.length) continue;
    const pm = m.patients[i] as PatientModel;
    vs.push(...checkState(pm, pumpTruth(rig, p), await readAll(rig, p, board)));
  }
  const failing = vs.filter((v) => m.enforced.has(v.invariant));
  for (const v of vs) {
    if (!m.enforced.has(v.invariant) && !m.seen.has(v.invariant)) {
      m.seen.set(v.invariant, `step ${m.step} (${label}), ${v.patient}: ${v.detail}`);
    }
  }
  if (failing.length > 0) {
    throw new Error(
      `after step ${m.step} (${label}) at ${new Date(rig.clock.now()).toISOString()}:\n${describe(failing)}\n` +
        `steps: ${m.history.join(' → ')}`,
    );
  }
}

const CONFIRMED = {
  interrogated: true,
  portLocated: true,
  needleAtStop: true,
  residualDrained: true,
  noLeak: true,
  reservoirPortConfirmed: true,
};

export type Syringe = 'right' | 'other-concentration' | 'other-drug' | 'overfill';

/** A refill through plan and apply, with the right syringe or a wrong one. */
export class RefillCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly syringe: Syringe,
    readonly volumeMl: number,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const before = pumpTruth(rig, p);
    const records = await readAll(rig, p);
    const pumpMcgPerMl = (before.concentration ?? 0) / NG_PER_MCG;
    // The right syringe holds what the pump holds, or what a physician's change prescribed for this refill.
    const rightMcgPerMl = pm.prescribed === null ? pumpMcgPerMl : pm.prescribed / NG_PER_MCG;
    const other = [500, 1000, 2000].find((c) => c !== pumpMcgPerMl && c !== rightMcgPerMl) ?? 500;
    const fill = {
      right: { drug: 'baclofen', concentrationMcgPerMl: rightMcgPerMl, volumeMl: this.volumeMl },
      'other-concentration': { drug: 'baclofen', concentrationMcgPerMl: other, volumeMl: this.volumeMl },
      'other-drug': {
        drug: 'clonidine',
        concentrationMcgPerMl: Math.min(pumpMcgPerMl, 1000),
        volumeMl: this.volumeMl,
      },
      overfill: { drug: 'baclofen', concentrationMcgPerMl: pumpMcgPerMl, volumeMl: 20 + this.volumeMl / 4 },
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
    // An interruption (the pump counted itself empty) longer than the threshold must be flagged at restart.
    const empty = before.alarms.find((a) => a.type === 'empty-reservoir');
    if (
      this.syringe === 'right' &&
      empty !== undefined &&
      before.now - empty.since > MODEL_RESTART_FLAG_AFTER_MS
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

function dailyMcg(rx: PrescriptionJson): number {
  return dailyDose(prescriptionFromJson(rx)) / NG_PER_MCG;
}

/** A titration step through plan and apply: a new continuous dose, or a night-weighted flex schedule. */
export class TitrateCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly factor: number,
    readonly flex: boolean,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const current = pumpPrescription(p);
    if (current.mode === 'stopped' || current.mode === 'minimum-rate')
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    const daily = Math.round(dailyMcg(current) * this.factor);
    const drug = { drug: current.drug, concentrationMcgPerMl: current.concentrationMcgPerMl };
    const night = Math.round(daily * 1.1);
    const day = Math.max(1, Math.round((daily * 1440 - night * 540) / 900));
    const proposed: PrescriptionJson = this.flex
      ? {
          mode: 'flex',
          ...drug,
          everyDay: {
            steps: [
              { startMinute: 0, doseMcgPerDay: night },
              { startMinute: 7 * 60, doseMcgPerDay: day },
              { startMinute: 22 * 60, doseMcgPerDay: night },
            ],
            boluses: [],
          },
        }
      : { mode: 'simple-continuous', ...drug, doseMcgPerDay: daily };
    const plan = await rig.call('physician', 'POST', `${P(p)}/pump/titration/plan`, {
      proposed,
      phase: 'titration',
    });
    noteStatus(m, pm, 'titration plan', plan);
    // A refused plan (422: wrong syringe) was still made from an interrogation the clinic recorded.
    if (plan.statusCode === 200 || plan.statusCode === 422) noteContact(rig, p, pm);
    const body =
      plan.statusCode === 200 ? plan.json<{ planId: string; guardrail: { verdict: string } }>() : null;
    if (body !== null && body.guardrail.verdict !== 'block') {
      const apply = await rig.call('physician', 'POST', `${P(p)}/pump/titration/apply`, {
        planId: body.planId,
        confirm: true,
        justification: 'tone reviewed; step within the titration plan',
      });
      noteStatus(m, pm, 'titration apply', apply);
      if (apply.statusCode === 200) {
        noteContact(rig, p, pm);
        if (apply.json<{ status: string }>().status === 'verified') {
          // The titration named the pump's contents: a pending change of concentration is withdrawn.
          pm.prescribed = null;
          // Nothing is pending after a verified write: the plan is gone, a second apply is refused.
          const again = await rig.call('physician', 'POST', `${P(p)}/pump/titration/apply`, {
            planId: body.planId,
            confirm: true,
          });
          if (again.statusCode < 400) {
            m.pending.push({
              invariant: 'verified-write-matches-pump',
              patient: pm.name,
              detail: `the verified titration plan could be applied again (HTTP ${again.statusCode})`,
            });
          }
        }
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `titrate(${this.i}, ×${this.factor.toFixed(2)}${this.flex ? ', flex' : ''})`;
}

/** Time passes: every pump runs on (delivery, alarms, battery). */
export class AdvanceCmd implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    await rig.advance(this.ms);
    await afterStep(m, rig, this.toString());
  }
  toString = () =>
    this.ms >= MS_PER_DAY
      ? `advance(${(this.ms / MS_PER_DAY).toFixed(1)} d)`
      : `advance(${(this.ms / MS_PER_HOUR).toFixed(1)} h)`;
}

/** An interrogation recorded for the board. */
export class InterrogateCmd implements Cmd {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const res = await rig.call('nurse', 'POST', `${P(p)}/pump/interrogate`);
    noteStatus(m, pm, 'interrogate', res);
    if (res.statusCode === 200) noteContact(rig, p, pm);
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `interrogate(${this.i})`;
}

/** An alarm test: the tone sounds; the patient heard it or not. */
export class AlarmTestCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly heard: boolean,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const res = await rig.call('nurse', 'POST', `${P(p)}/pump/alarm-test`, { heard: this.heard });
    noteStatus(m, pm, 'alarm test', res);
    if (res.statusCode === 200) noteContact(rig, p, pm);
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `alarmTest(${this.i}, ${this.heard ? 'heard' : 'not heard'})`;
}

/** A catheter change: the new catheter's volume goes to the pump, supervised priming. */
export class CatheterCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly lengthCm: number,
    readonly volumeMl: number,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const plan = await rig.call('physician', 'POST', `${P(p)}/pump/catheter/plan`, {
      model: '8709SC',
      lengthCm: this.lengthCm,
      volume: `${this.volumeMl} mL`,
      tipLevel: 'T10',
    });
    noteStatus(m, pm, 'catheter plan', plan);
    if (plan.statusCode === 200) {
      noteContact(rig, p, pm);
      const body = plan.json<{ planId: string; guardrail: { verdict: string } }>();
      if (body.guardrail.verdict !== 'block') {
        const apply = await rig.call('physician', 'POST', `${P(p)}/pump/catheter/apply`, {
          planId: body.planId,
          confirm: true,
          supervisedBy: 'Dr Model, bedside',
          justification: 'catheter revision; priming supervised',
        });
        noteStatus(m, pm, 'catheter apply', apply);
        if (apply.statusCode === 200) noteContact(rig, p, pm);
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `catheter(${this.i}, ${this.lengthCm} cm, ${this.volumeMl} mL)`;
}

/** The papers: emergency card and last refill report PDFs, the FHIR record. Each must be served. */
export class PapersCmd implements Cmd {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const card = await rig.call(p.account, 'GET', `${P(p)}/emergency-card.pdf`);
    noteStatus(m, pm, 'emergency card', card);
    const last = (await readAll(rig, p)).refills.at(-1);
    if (last !== undefined) {
      const report = await rig.call(
        'nurse',
        'GET',
        `/api/v1/refills/${last.id}/report.pdf?patientId=${p.patient.id}`,
      );
      noteStatus(m, pm, 'refill report', report);
    }
    // The patient's own account reads the same next refill as the staff-read records give.
    const own = await readPatientOwn(rig, p);
    const staff = (await readAll(rig, p)).patientView;
    if (JSON.stringify(own) !== JSON.stringify(staff)) {
      m.pending.push({
        invariant: 'patient-view-one-projection',
        patient: pm.name,
        detail: `the patient's own view reads ${JSON.stringify(own)}, the staff records give ${JSON.stringify(staff)}`,
      });
    }
    const fhir = await rig.call('nurse', 'GET', `/fhir/Patient/${p.patient.id}/$everything`);
    noteStatus(m, pm, 'FHIR $everything', fhir);
    if (fhir.statusCode === 200) {
      // The active MedicationRequest names the concentration the pump holds (or the one a physician
      // prescribed for the next refill).
      const pumpUgPerMl = (pm.prescribed ?? pumpTruth(rig, p).concentration ?? 0) / NG_PER_MCG;
      const entries =
        fhir.json<{ entry?: { resource?: { resourceType?: string; status?: string } }[] }>().entry ?? [];
      const active = entries
        .map((e) => e.resource)
        .find((r) => r?.resourceType === 'MedicationRequest' && r.status === 'active');
      if (active !== undefined && !JSON.stringify(active).includes(String(pumpUgPerMl))) {
        m.pending.push({
          invariant: 'concentration-only-by-prescription',
          patient: pm.name,
          detail: `the active FHIR MedicationRequest does not name the prescribed ${pumpUgPerMl} mcg/mL`,
        });
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `papers(${this.i})`;
}

/**
 * A physician changes the concentration (same daily dose) in the prescription: the pump takes it only at
 * the next refill with that syringe (docs/invariants.md, finding 1).
 */
export class PrescribeConcentrationCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly mcgPerMl: number,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const head = (await readAll(rig, p)).current;
    if (
      head === null ||
      head.prescription.mode === 'stopped' ||
      head.prescription.concentrationMcgPerMl === this.mcgPerMl
    ) {
      return afterStep(m, rig, `${this.toString()} skipped`, this.i);
    }
    const res = await rig.call('physician', 'POST', `${P(p)}/prescriptions`, {
      prescription: { ...head.prescription, concentrationMcgPerMl: this.mcgPerMl },
      expectedHeadId: head.id,
      implantId: p.implant.id,
      justification: 'new strength from the next refill: longer refill interval',
    });
    noteStatus(m, pm, 'prescribe concentration', res);
    if (res.statusCode === 201) {
      const ng = this.mcgPerMl * NG_PER_MCG;
      pm.prescribed = ng === pm.concentration ? null : ng;
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `prescribeConcentration(${this.i}, ${this.mcgPerMl} mcg/mL)`;
}

/** A person resolves every open alert of the patient, with a note: the states they name may now go. */
export class ResolveAlertsCmd implements Cmd {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const open = (await readAll(rig, p)).alerts.filter((a) => a.resolved === null);
    for (const a of open) {
      const res = await rig.call('nurse', 'POST', `${P(p)}/alerts/${a.id}/resolve`, {
        resolution: 'reviewed with the physician; patient called',
      });
      noteStatus(m, pm, 'resolve alert', res);
      if (res.statusCode === 200) {
        for (const type of [...pm.reported.keys()]) if (alertNames(a, type)) pm.reported.delete(type);
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `resolveAlerts(${this.i})`;
}

/** The command generators (patient index 0 or 1). */
export function commandArbitraries(patients: number): fc.Arbitrary<Cmd>[] {
  const i = fc.nat({ max: patients - 1 });
  return [
    fc
      .tuple(
        i,
        fc.constantFrom<Syringe>('right', 'right', 'other-concentration', 'other-drug', 'overfill'),
        fc.integer({ min: 10, max: 20 }),
      )
      .map(([n, s, v]) => new RefillCmd(n, s, v)),
    fc
      .tuple(i, fc.double({ min: 0.8, max: 1.3, noNaN: true }), fc.boolean())
      .map(([n, f, flex]) => new TitrateCmd(n, f, flex)),
    fc.oneof(
      fc.integer({ min: 1, max: 48 }).map((h) => new AdvanceCmd(h * MS_PER_HOUR)),
      fc.integer({ min: 2, max: 60 }).map((d) => new AdvanceCmd(d * MS_PER_DAY)),
    ),
    fc.integer({ min: 2, max: 60 }).map((d) => new AdvanceCmd(d * MS_PER_DAY)),
    i.map((n) => new InterrogateCmd(n)),
    fc.tuple(i, fc.boolean()).map(([n, h]) => new AlarmTestCmd(n, h)),
    fc
      .tuple(i, fc.integer({ min: 40, max: 60 }), fc.constantFrom(0.1, 0.11, 0.12, 0.13))
      .map(([n, l, v]) => new CatheterCmd(n, l, v)),
    i.map((n) => new PapersCmd(n)),
    i.map((n) => new ResolveAlertsCmd(n)),
    fc.tuple(i, fc.constantFrom(500, 1000, 2000)).map(([n, c]) => new PrescribeConcentrationCmd(n, c)),
  ];
}
