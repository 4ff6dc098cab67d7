/**
 * The implant procedure as the pathway forms send it (`POST P/implant-procedure`, and the `procedure` of
 * `POST P/implants/:implantId/replacement`): the catheter's length in mm as trimmed (Prometra) or
 * implanted, and the initial fill in ng/mL and nL. One builder for both forms. The fill's concentration is
 * typed in the unit of its drug's label (mg/mL for morphine, mcg/mL for baclofen: src/therapy/dose-input.ts)
 * and recorded with that drug, never as baclofen by default.
 */
import { ItbError } from '../../../src/therapy/codes.ts';
import { inputToNg } from '../../../src/therapy/dose-input.ts';
import { parseAs } from '../../../src/therapy/units.ts';

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

/** What `read` makes of a typed field; its refusal names the field ("fill volume (mL): …"). */
function typedField<T>(field: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ItbError)) throw e;
    throw new ItbError(e.code, `${field}: ${e.message}`);
  }
}

/**
 * The fill volume typed in mL, exactly in nL, and the catheter's length typed in cm, in whole mm: each read
 * by therapy's parser, its refusal naming the field. Read with `Number`, a typo ("2O", "5O") went to the
 * server as null and came back as "procedure.initialFill.volumeNl: enter a number" (or
 * "…catheter.implantedLengthMm"), a field the form does not have, in a unit it does not show.
 */
const fillVolumeNl = (ml: string): number =>
  typedField('fill volume (mL)', () => parseAs(ml, 'volume', 'mL').nl);
const catheterLengthMm = (cm: string): number =>
  typedField('catheter length (cm)', () => parseAs(cm, 'length', 'cm').mm);

/**
 * The request body; throws the parser's ItbError when the catheter's length, the fill's concentration or its
 * volume is not one.
 */
export function procedureBody(f: ProcedureFields): Record<string, unknown> {
  const mm = catheterLengthMm(f.lengthCm);
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
            volumeNl: fillVolumeNl(f.fill.ml),
            lot: f.fill.lot.trim(),
          },
        }),
  };
}
