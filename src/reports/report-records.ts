/**
 * The records behind every report, read the way a reader needs them: the implant in use (people are named
 * by the one resolver, src/clinic/actor-names.ts).
 */
import type { Implant } from '../clinic/records.ts';
import { ItbError } from '../therapy/codes.ts';

/** The implant in use: the most recently implanted. */
export function currentImplant(implants: readonly Implant[], patientId: string): Implant {
  const last = [...implants]
    .sort((a, b) => a.implantDate.localeCompare(b.implantDate) || a.createdAt - b.createdAt)
    .at(-1);
  if (last === undefined)
    throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no implant recorded`, {
      patientId,
    });
  return last;
}
