/**
 * The implant procedure as the pathway forms send it (`POST P/implant-procedure`, and the `procedure` of
 * `POST P/implants/:implantId/replacement`): the catheter's length in mm as trimmed (Prometra) or
 * implanted, and the initial fill in ng/mL and nL. One builder for both forms. The fill's concentration is
 * typed in the unit of its drug's label (mg/mL for morphine, mcg/mL for baclofen: src/therapy/dose-input.ts)
 * and recorded with that drug, never as baclofen by default.
 */
import { inputToNg } from '../../../src/therapy/dose-input.ts';

export interface ProcedureFields {
  readonly serial: string;
  readonly profile: string;
  readonly day: string;
  readonly side: 'left' | 'right';
  readonly catheterModel: string;
  /** The length typed in cm (trimmed for Prometra catheters, implanted for others). */
  readonly lengthCm: string;
  readonly tip: string;
  readonly linkKeys: unknown;
  /**
   * The initial fill: its drug, the concentration as typed (a bare number in the drug's label unit), the
   * volume in mL and its lot; null when none is recorded.
   */
  readonly fill: {
    readonly drug: string;
    readonly concentration: string;
    readonly ml: string;
    readonly lot: string;
  } | null;
}

export const isPrometra = (model: string): boolean => /prometra/i.test(model);

/** The request body; throws the parser's ItbError when the fill's concentration is not one. */
export function procedureBody(f: ProcedureFields): Record<string, unknown> {
  const mm = Math.round(Number(f.lengthCm) * 10);
  return {
    pumpSerial: f.serial.trim(),
    deviceProfileId: f.profile,
    implantDate: f.day,
    pocketSide: f.side,
    catheter: {
      model: f.catheterModel.trim(),
      tipLevel: f.tip.trim(),
      ...(isPrometra(f.catheterModel) ? { trimmedMm: mm } : { implantedLengthMm: mm }),
    },
    linkKeys: f.linkKeys,
    ...(f.fill === null
      ? {}
      : {
          initialFill: {
            drug: f.fill.drug,
            concentrationNgPerMl: inputToNg(f.fill.concentration, 'concentration', f.fill.drug),
            volumeNl: Math.round(Number(f.fill.ml) * 1_000_000),
            lot: f.fill.lot.trim(),
          },
        }),
  };
}
