/**
 * The implant procedure as the pathway forms send it (`POST P/implant-procedure`, and the `procedure` of
 * `POST P/implants/:implantId/replacement`): the catheter's length in mm as trimmed (Prometra) or
 * implanted, and the initial fill in ng/mL and nL. One builder for both forms.
 */

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
  /** The initial fill in mcg/mL and mL, with its lot; null when none is recorded. */
  readonly fill: { readonly concentrationMcgPerMl: string; readonly ml: string; readonly lot: string } | null;
}

export const isPrometra = (model: string): boolean => /prometra/i.test(model);

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
            drug: 'baclofen',
            concentrationNgPerMl: Math.round(Number(f.fill.concentrationMcgPerMl) * 1000),
            volumeNl: Math.round(Number(f.fill.ml) * 1_000_000),
            lot: f.fill.lot.trim(),
          },
        }),
  };
}
