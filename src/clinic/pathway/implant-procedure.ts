/**
 * The implant procedure as the surgeon records it (docs/clinical-reference.md §1.2): pump model and serial,
 * pocket side, the catheter's model, the length trimmed or implanted and the tip level — the catheter
 * volume is COMPUTED from the length through therapy/catheter.ts, never typed, because the priming bolus
 * and every bridge depend on it (a typed volume ten times too large primes an overdose). The initial fill
 * is recorded with it, so the new pump's first contents are known from surgery on.
 */
import { z } from 'zod';
import { catheterVolume, volumePerCmFor, type CatheterVolumeResult } from '../../therapy/catheter.ts';
import { initialFillSchema } from '../initial-fill.ts';
import { TIP_LEVEL, linkKeysSchema, type ImplantInput } from '../records.ts';

export const implantProcedureSchema = z.strictObject({
  pumpSerial: z.string().trim().min(1).max(64),
  /** The pump model: a device profile id (src/pump/profiles.ts). */
  deviceProfileId: z.string().trim().min(1).max(64),
  implantDate: z.iso.date(),
  pocketSide: z.enum(['left', 'right']),
  catheter: z.strictObject({
    model: z.string().trim().min(1).max(100),
    /** Prometra catheters: the length cut off the supplied 110 cm; other models: the length implanted. */
    trimmedMm: z.int().min(0).max(2000).optional(),
    implantedLengthMm: z.int().positive().max(2000).optional(),
    tipLevel: z.string().regex(TIP_LEVEL, 'a spinal level such as T10, C5 or L1'),
  }),
  /** The pump's pairing keys, as read from the new pump at pairing (docs/workflows.md "Pairing"). */
  linkKeys: linkKeysSchema,
  /**
   * The drug put into the new pump at surgery (clinic/initial-fill.ts); `at` defaults to when it is
   * recorded. Without it the board cannot date the first refill until the pump is interrogated.
   */
  initialFill: initialFillSchema.extend({ at: initialFillSchema.shape.at.optional() }).optional(),
});
export type ImplantProcedure = z.output<typeof implantProcedureSchema>;

/** The implant record the procedure makes, and the catheter volume computation with its source. */
export function implantFromProcedure(
  patientId: string,
  p: ImplantProcedure,
  now: number,
): { implant: ImplantInput; volume: CatheterVolumeResult } {
  const { pump, volume } = pumpFromProcedure(p, now);
  return { implant: { patientId, ...pump }, volume };
}

/** The new pump the procedure records, for a patient named elsewhere (a replacement). */
export function pumpFromProcedure(
  p: ImplantProcedure,
  now: number,
): { pump: Omit<ImplantInput, 'patientId'>; volume: CatheterVolumeResult } {
  const prometra = /prometra/i.test(p.catheter.model);
  const volume = catheterVolume(
    prometra
      ? { kind: 'prometra', trimmedMm: p.catheter.trimmedMm ?? 0 }
      : {
          kind: 'other',
          volumePerCm: volumePerCmFor(p.catheter.model),
          implantedLengthMm: p.catheter.implantedLengthMm ?? 0,
        },
  );
  return {
    pump: {
      pumpSerial: p.pumpSerial,
      deviceProfileId: p.deviceProfileId,
      implantDate: p.implantDate,
      pocketSide: p.pocketSide,
      catheter: {
        model: p.catheter.model,
        lengthMm: volume.implantedLengthMm,
        volumeNl: volume.volume,
        tipLevel: p.catheter.tipLevel,
      },
      linkKeys: p.linkKeys,
      initialFill: p.initialFill === undefined ? null : { ...p.initialFill, at: p.initialFill.at ?? now },
    },
    volume,
  };
}
