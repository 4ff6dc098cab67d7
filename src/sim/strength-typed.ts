/**
 * The strength the nurse types into the programmer at a refill, and the checks that stand between a strength
 * typed wrong and the pump: the syringe match (the programmer's rule, src/programmer/refill-plan.ts
 * `syringeMismatch`; the `syringe-match` control) and the drug library's strengths (always on; the pump
 * checks them again). A refused entry is re-entered correctly at once. A strength typed wrong that gets
 * through is what the pump believes it holds until the next refill: it runs the same dose at it, so the
 * patient receives the dose × syringe strength ÷ typed strength (docs/safety-case.md).
 */
import { syringeMismatch } from '../programmer/refill-plan.ts';
import { validatePrescription } from '../therapy/prescription-rules.ts';
import type { NanogramsPerMl } from '../therapy/quantities.ts';
import type { Reason } from '../therapy/verdict.ts';
import type { FaultRecord, Sim } from './context.ts';
import { isOn } from './controls.ts';
import { continuous } from './programming.ts';
import { refusedSignal } from './pump-commands.ts';
import { addEvent } from './record.ts';
import type { Fault } from './scenario.ts';

const mcg = (c: number): string => (c / 1000).toLocaleString('en-US');

/** The refusals of a typed strength by the checks the run has on: the syringe match, then the library. */
function refusals(sim: Sim, typed: NanogramsPerMl, prescribed: NanogramsPerMl): readonly Reason[] {
  const drug = sim.s.drug;
  const contents = sim.c.pump.reservoir.contents;
  if (isOn(sim.s.controlsOff, 'syringe-match')) {
    const m = syringeMismatch({ drug, concentration: typed }, contents ?? undefined, () => ({
      drug,
      concentration: prescribed,
    }));
    if (m !== undefined) return [m.reason];
  }
  const p = sim.c.pump.prescription;
  const dose = p.mode === 'simple-continuous' ? p.dose / 1000 : 0;
  return validatePrescription(continuous(sim, dose, typed)).reasons.filter((r) => r.severity === 'block');
}

/**
 * The strength sent to the pump at this refill: the prescribed `prescribed`, or the strength typed wrong
 * (`fault`) when no check the run has on refuses it.
 */
export function strengthSent(
  sim: Sim,
  fault: { f: Fault; rec: FaultRecord } | undefined,
  prescribed: NanogramsPerMl,
): NanogramsPerMl {
  if (fault?.f.kind !== 'strength-typed') return prescribed;
  const t = sim.c.t;
  fault.rec.startedAt = t;
  const typed = Math.round(prescribed * fault.f.factor) as NanogramsPerMl;
  addEvent(
    sim.rec,
    t,
    'fault',
    `strength typed at refill: the syringe's ${mcg(prescribed)} µg/mL typed as ${mcg(typed)} µg/mL`,
  );
  const refused = refusals(sim, typed, prescribed);
  if (refused.length === 0) return typed;
  refusedSignal(sim, t, fault.rec);
  addEvent(
    sim.rec,
    t,
    'program-refused',
    `strength ${mcg(typed)} µg/mL refused by the programmer; re-entered as ${mcg(prescribed)} µg/mL`,
    refused,
  );
  return prescribed;
}
