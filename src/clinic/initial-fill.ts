/**
 * The initial fill: the drug put into a new pump's empty reservoir at surgery, recorded with the implant
 * (docs/pathway.md "Initial fill"; docs/clinical-reference.md §1.2 implantation, §3 refill procedure). It is
 * the pump's first known contents: the board projects the first refill date from it, and the first refill
 * reconciles the pump's count against what this fill put in. Recorded as a refill instead, it had no
 * residual to drain, so its reconciliation warned "expected empty" and the board showed a residual
 * discrepancy for every newly implanted patient.
 */
import { z } from 'zod';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { DRUG_IDS, checkConcentration, getDrug } from '../therapy/drug-library.ts';
import type { DrugId } from '../therapy/drug.ts';

export const initialFillSchema = z.strictObject({
  drug: z.enum(DRUG_IDS as [DrugId, ...DrugId[]]),
  concentrationNgPerMl: z.int().positive(),
  /** The volume injected into the empty reservoir. */
  volumeNl: z.int().positive(),
  lot: z.string().trim().min(1).max(64),
  /** When the reservoir was filled (epoch ms): the start of the first projection. */
  at: z.int().min(0),
});
export type InitialFill = z.output<typeof initialFillSchema>;

/**
 * Refuses a fill the pump cannot hold or the drug library does not allow: a concentration outside the
 * drug's labelled range (ITB_E_CONCENTRATION_*), or more than the reservoir ("do not overfill",
 * docs/clinical-reference.md §3) — the same rules a refill meets.
 */
export function checkInitialFill(deviceProfileId: string, fill: InitialFill): void {
  checkConcentration(getDrug(fill.drug), fill.concentrationNgPerMl);
  const reservoir = getProfile(deviceProfileId).reservoir.value;
  if (fill.volumeNl > reservoir) {
    throw new ItbError(
      'ITB_E_OUT_OF_RANGE',
      `an initial fill of ${fill.volumeNl} nL overfills the pump's ${reservoir} nL reservoir`,
      { limit: reservoir, value: fill.volumeNl },
    );
  }
}
