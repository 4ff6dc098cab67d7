/**
 * A prescription judged by the implanted pump's labelling when it is written (pump/device-labelling.ts, the
 * one rule the pump, the programmer and `itb calc` run): a drug, strength or flow the device refuses is
 * refused here too, not at the refill that would bring it in (model-based clinic test, seed 271828:
 * ziconotide 100 mcg/mL at 2.4 mcg/day, 0.024 mL/day, below the pump's lowest flow, was prescribed without a
 * word; the pump refused the refill, and the board projected from a fill it never took). Off-label warns and
 * needs a justification, as at the pump.
 */
import { implantInUse } from '../clinic/implant-in-use.ts';
import type { Implant } from '../clinic/records.ts';
import { deviceReasons, programmeFlows } from '../pump/device-labelling.ts';
import { getProfile } from '../pump/profiles.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../therapy/prescription-json.ts';
import { verdictOf, type Reason } from '../therapy/verdict.ts';
import { enforce } from './titration-gate.ts';

/** The implant a prescription is for: the named one, else the implant in use (clinic/implant-in-use.ts). */
export function prescribedImplant(
  implants: readonly Implant[],
  explants: readonly { readonly implantId: string }[],
  named: string | undefined,
): Implant | undefined {
  return named === undefined ? implantInUse(implants, explants) : implants.find((i) => i.id === named);
}

/** The device's reasons about `proposed` in `implant`'s pump; throws when it refuses (as the titration gate). */
export function deviceGate(
  implant: Implant | undefined,
  proposed: PrescriptionJson,
  now: number,
  justification: string | undefined,
): readonly Reason[] {
  if (implant === undefined) return [];
  const p = prescriptionFromJson(proposed);
  if (p.mode === 'stopped') return [];
  const profile = getProfile(implant.deviceProfileId);
  const flows =
    p.mode === 'minimum-rate' || profile.fixedFlow !== undefined
      ? {}
      : { flows: programmeFlows(p, now, 0, profile.minimumRateFlow.value) };
  const reasons = deviceReasons(profile, {
    drug: p.drug.drug,
    concentration: p.drug.concentration,
    ...flows,
  });
  enforce(verdictOf(reasons).verdict, reasons, justification);
  return reasons;
}
