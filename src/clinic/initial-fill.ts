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
import { nlToMl, type Nanolitres } from '../therapy/quantities.ts';
import { reconcileResidual } from '../therapy/reconcile.ts';
import { formatVolume } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';

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
      `an initial fill of ${formatVolume(fill.volumeNl)} overfills the pump's ${formatVolume(reservoir)} reservoir`,
      { limit: reservoir, value: fill.volumeNl },
    );
  }
}

/**
 * The first refill of a pump reconciled against its initial fill: nothing went into the reservoir between
 * them, so neither the residual the pump calculated nor the one drained can exceed what the fill put in.
 * More than the reconciliation threshold above it (therapy/reconcile.ts, the same threshold as between the
 * two residuals [C: Maino 2017]) warns: the fill on record, the pump's count (told another fill at
 * implant) or the drained volume is wrong — if unsure, do not refill (docs/clinical-reference.md §3). Less
 * is what delivery leaves, and is not checked here. Empty when both residuals fit.
 */
export function reconcileFirstRefill(
  fill: InitialFill,
  reservoirSize: number,
  residuals: { readonly expectedResidualNl: number; readonly measuredResidualNl: number },
): Reason[] {
  const sides = [
    ['the pump’s calculated residual', residuals.expectedResidualNl],
    ['the measured residual', residuals.measuredResidualNl],
  ] as const;
  return sides.flatMap(([what, volume]) => {
    const r = reconcileResidual({
      reservoirSize: reservoirSize as Nanolitres,
      expected: fill.volumeNl as Nanolitres,
      measured: volume as Nanolitres,
      drug: fill.drug,
    });
    if (r.direction !== 'higher' || r.verdict === 'ok') return [];
    return [
      {
        code: 'ITB_R_CLINIC_RESIDUAL_ABOVE_INITIAL_FILL',
        severity: 'warn' as const,
        message:
          `${what} ${formatVolume(volume)} exceeds the initial fill of ` +
          `${formatVolume(fill.volumeNl)} (lot ${fill.lot}, ${new Date(fill.at).toISOString()}) ` +
          `by more than ${formatVolume(r.threshold)}: nothing was added since — check the fill record, the ` +
          'pump’s count and the drained volume before refilling',
        limit: nlToMl(r.threshold),
        value: nlToMl(r.discrepancy),
        times: { initialFill: fill.at },
      },
    ];
  });
}
