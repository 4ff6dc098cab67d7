/**
 * The records behind every report, read the way a reader needs them: the implant in use (people are named
 * by the one resolver, src/clinic/actor-names.ts).
 */
import { implantInUse } from '../clinic/implant-in-use.ts';
import type { Implant } from '../clinic/records.ts';
import { clinicDayText } from '../clinic/time-zone.ts';
import { ItbError } from '../therapy/codes.ts';

/**
 * The implant in use (clinic/implant-in-use.ts). A patient whose pump was removed and not replaced has no
 * pump to put on paper: an emergency card naming the removed pump told emergency staff of a pump that is out.
 */
export function currentImplant(
  implants: readonly Implant[],
  explants: readonly { readonly implantId: string; readonly at: number }[],
  patientId: string,
): Implant {
  const inUse = implantInUse(implants, explants);
  if (inUse !== undefined) return inUse;
  const removed = explants.reduce<number | null>((t, e) => (t === null || e.at > t ? e.at : t), null);
  throw new ItbError(
    'ITB_E_CLINIC_NOT_FOUND',
    implants.length === 0 || removed === null
      ? `patient ${patientId} has no implant recorded`
      : `patient ${patientId} has no pump in place: the last was removed on ${clinicDayText(removed)}`,
    { patientId },
  );
}
