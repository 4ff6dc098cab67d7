/**
 * The pump a page acts on: the patient's implant in use by the one rule (src/clinic/implant-in-use.ts), never
 * the latest one on record, which may have been removed. Pages that pick a pump (appointments, MRI, alarm
 * test, catheter change, troubleshooting, the identity banner) read it here, so none names a pump that is out.
 */
import { implantInUse, pumpRemovedAt } from '../../src/clinic/implant-in-use.ts';
import type { Explant } from '../../src/clinic/pathway/explant-records.ts';
import { api } from './api.ts';
import { date } from './format.ts';

interface Dated {
  readonly id: string;
  readonly implantDate: string;
  readonly createdAt: number;
}

export interface PumpInUse<I extends Dated> {
  /** Every implant on record, oldest first as the server lists them. */
  readonly implants: readonly I[];
  /** The pump in place, or null (none implanted, or the last one removed). */
  readonly implant: I | null;
  /** When the last pump was removed, when none is in place after one was; otherwise null. */
  readonly removedAt: number | null;
}

/** The pump in use among these implants, given the patient's explants. */
export function pumpInUse<I extends Dated>(
  implants: readonly I[],
  explants: readonly { readonly implantId: string; readonly at: number }[],
): PumpInUse<I> {
  return {
    implants,
    implant: implantInUse(implants, explants) ?? null,
    removedAt: pumpRemovedAt(implants, explants),
  };
}

/** Reads the patient's implants and explants (base: /api/v1/patients/:id) and picks the pump in use. */
export async function fetchPumpInUse<I extends Dated>(base: string): Promise<PumpInUse<I>> {
  const [implants, explants] = await Promise.all([
    api.get<I[]>(`${base}/implants`),
    api.get<Explant[]>(`${base}/explants`),
  ]);
  return pumpInUse(implants, explants);
}

/** What a page says when there is no pump to act on. */
export function noPumpText(removedAt: number | null): string {
  return removedAt === null
    ? 'No implant recorded.'
    : `No pump in place: the last was removed on ${date(removedAt)}.`;
}
