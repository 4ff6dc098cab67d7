/**
 * The simulated clinic programs the pump: a typed dose passes the programmer's checks that the run has
 * switched on (the mg/mcg slip, the titration guardrail) and then the pump's own checks (defence in depth,
 * docs/architecture.md principle 4); a stop is the stopped prescription itself.
 */
import type { Prescription } from '../therapy/prescription.ts';
import { MS_PER_HOUR, mcgPerDay, type NanogramsPerDay, type NanogramsPerMl } from '../therapy/quantities.ts';
import { detectDoseSlip } from '../therapy/dose-check.ts';
import { getDrug } from '../therapy/drug-library.ts';
import { checkTitration } from '../therapy/titration.ts';
import type { Reason } from '../therapy/verdict.ts';
import type { Sim } from './context.ts';
import { isOn } from './controls.ts';
import { command, id } from './pump-commands.ts';
import { addEvent } from './record.ts';
import { planRefill } from './refill-plan.ts';

/** The prescription of `doseMcg` µg/day at `concentration` (default: the strength the patient is on). */
export const continuous = (
  sim: Sim,
  doseMcg: number,
  concentration: NanogramsPerMl = sim.concentration,
): Extract<Prescription, { mode: 'simple-continuous' }> => ({
  mode: 'simple-continuous',
  drug: { drug: sim.s.drug, concentration },
  dose: mcgPerDay(doseMcg),
});

/**
 * Programs the pump stopped (the prescription itself, so no later programme, refill or visit resumes the
 * old dose unawares); a refusal is recorded as a `program-refused` event. Returns whether the pump stopped.
 */
export function stopPump(sim: Sim, why: string): boolean {
  const out = command(sim, {
    kind: 'program',
    commandId: id(sim, 'stop'),
    expectedVersion: sim.c.pump.version,
    prescription: { mode: 'stopped' },
  });
  if (out.result?.ok === true) return true;
  addEvent(
    sim.rec,
    sim.c.t,
    'program-refused',
    `${why}: stop refused by the pump`,
    out.result?.reasons ?? [],
  );
  return false;
}

/** The programmer's checks of a typed dose that the run has switched on: the mg/mcg slip, then the step. */
function programmerReasons(sim: Sim, current: NanogramsPerDay, proposed: NanogramsPerDay): readonly Reason[] {
  const off = sim.s.controlsOff;
  if (isOn(off, 'unit-slip')) {
    const slip = detectDoseSlip(getDrug(sim.s.drug), proposed);
    if (slip !== undefined) return [slip];
  }
  if (!isOn(off, 'titration-guardrails')) return [];
  return checkTitration({
    current,
    proposed,
    origin: sim.s.origin,
    ...(sim.s.ageYears === undefined ? {} : { ageYears: sim.s.ageYears }),
    hoursSinceLastChange: (sim.c.t - sim.lastDoseChangeAt) / MS_PER_HOUR,
    phase: sim.s.titration?.phase ?? 'maintenance',
  }).reasons;
}

/**
 * Programs a new daily dose: the programmer's checks first (unless `pumpOnly`: the mg/mcg slip check and the
 * titration guardrail, each unless switched off), then the pump's own checks. Returns whether the pump runs
 * the new dose.
 */
export function program(sim: Sim, doseMcg: number, why: string, pumpOnly = false): boolean {
  const c = sim.c;
  const current = c.pump.prescription.mode === 'simple-continuous' ? c.pump.prescription.dose : mcgPerDay(0);
  const proposed = mcgPerDay(doseMcg);
  const guard: readonly Reason[] = pumpOnly ? [] : programmerReasons(sim, current, proposed);
  if (guard.some((r) => r.severity === 'block')) {
    sim.programRefused++;
    addEvent(sim.rec, c.t, 'program-refused', `${why}: ${doseMcg} µg/day refused by the programmer`, guard);
    return false;
  }
  const out = command(sim, {
    kind: 'program',
    commandId: id(sim, 'program'),
    expectedVersion: sim.c.pump.version,
    prescription: continuous(sim, doseMcg),
  });
  if (out.result?.ok !== true) {
    sim.programRefused++;
    addEvent(
      sim.rec,
      c.t,
      'program-refused',
      `${why}: ${doseMcg} µg/day refused by the pump`,
      out.result?.reasons ?? [],
    );
    return false;
  }
  sim.programAccepted++;
  sim.lastDoseChangeAt = c.t;
  if (c.pump.prescription.mode === 'simple-continuous') sim.doseBeforeChange = current / 1000;
  addEvent(sim.rec, c.t, 'program', `${why}: ${(current / 1000).toFixed(0)} → ${doseMcg} µg/day`, [
    ...guard,
    ...out.result.reasons,
  ]);
  planRefill(sim);
  return true;
}
