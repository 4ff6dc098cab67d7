/**
 * The model of the model-based test: each patient's memory, the command type, and what runs after every
 * clinic action — the server-error and pump-contact notes and the invariant checks (invariants.ts) for
 * every patient against the pump and the world.
 */
import type fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { MS_PER_HOUR, NL_PER_ML } from '../../src/therapy/quantities.ts';
import { checkState, describe, type Invariant, type PatientModel, type Violation } from './invariants.ts';
import { pumpTruth, readAll, readBoard } from './readers.ts';
import type { Rig, RigPatient } from './rig.ts';

/**
 * The model's margin over a drug's restart threshold (label.ts `restartThresholdMs`, from the drug library):
 * an interruption longer than both must be flagged at the refill that restarts the pump. 72 h is above any
 * threshold the library may name for baclofen (label: do not restart at the prior full dose after an
 * interruption; docs/clinical-reference.md §2), and covers the clinic's estimate of when the pump ran empty,
 * so the model never asks for a flag the rule would not give.
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

export const P = (p: RigPatient) => `/api/v1/patients/${p.patient.id}`;
export const mlText = (nl: number) => `${(nl / NL_PER_ML).toFixed(3)} mL`;

export function pick(m: Model, rig: Rig, i: number): { p: RigPatient; pm: PatientModel } {
  const p = rig.patients[i % rig.patients.length] as RigPatient;
  const pm = m.patients[i % m.patients.length] as PatientModel;
  return { p, pm };
}

/** Whether patient `i`'s pump is in place (not removed): the pump-side commands act only on one that is. */
export const pumpInPlace = (m: Readonly<Model>, i: number): boolean =>
  (m.patients[i % m.patients.length] as PatientModel).removedAt === null;

/** A server error is a violation whatever the request. */
export function noteStatus(m: Model, pm: PatientModel, what: string, res: LightMyRequestResponse): void {
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
export function noteContact(rig: Rig, p: RigPatient, pm: PatientModel): void {
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
