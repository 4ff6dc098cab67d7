/**
 * A volume typed in the refill wizard against the implanted pump's reservoir, before the plan is asked
 * for: "200 mL" for 20 is a typing slip, said at its field in the reservoir's terms — never only the API's
 * schema bound ("must be at most 100 mL"), which is no pump's size.
 */
import type { Measured } from '../measure-input.tsx';
import { num } from '../format.ts';

/** What the typed volume is: the syringe's volume to add, or the residual drained from the reservoir. */
export type ReservoirVolume = 'volume to add' | 'residual';

/** `m`, or why it cannot be so in a reservoir of `capacityMl` (unknown capacity: `m` as it is). */
export function withinReservoir(
  m: Measured | null,
  capacityMl: number | null,
  what: ReservoirVolume,
): Measured | null {
  if (m === null || !m.ok || capacityMl === null || m.value <= capacityMl) return m;
  const typed = `${num(m.value)} mL`;
  const reservoir = `${num(capacityMl)} mL reservoir`;
  return {
    ok: false,
    message:
      what === 'volume to add'
        ? `${typed} does not fit the ${reservoir}: check the volume (do not overfill)`
        : `${typed} is more than the ${reservoir} holds: check the measured residual`,
  };
}
