/**
 * A typo in the new pump's fill volume on the replacement (and implant) form — "2O" for 20 — was sent to
 * the server as null and refused as "Not saved: procedure.initialFill.volumeNl: enter a number": a field
 * the form does not have, in nanolitres it does not show (walk of the demo: end of a pump's life). The
 * forms' one body builder (web/src/pathway/procedure-body.ts) now reads the volume with therapy's parser
 * and refuses it beside the fill, naming the fill volume in mL; a number it reads is sent exactly in nL.
 * A revised catheter's length was read with `Number` the same way (walk of the demo, round 23: "5O" came
 * back as "procedure.catheter.implantedLengthMm: enter a number"): it is read by therapy's parser too, in
 * cm to the whole millimetre (src/therapy/units.ts). The catheter change page's length field:
 * test/browser/pathway.browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { procedureBody, type ProcedureFields } from '../../web/src/pathway/procedure-body.ts';
import { parsed } from '../../web/src/parsed.ts';

const form = (typed: { ml?: string; lengthCm?: string; catheterModel?: string }): ProcedureFields => ({
  serial: 'SN-2',
  profile: 'peristaltic-20',
  day: '2026-12-04',
  side: 'left',
  catheterModel: typed.catheterModel ?? '8709SC',
  lengthCm: typed.lengthCm ?? '50',
  tip: 'T10',
  linkKeys: {},
  fill: { drug: 'baclofen', concentration: '1000', ml: typed.ml ?? '20', lot: 'LOT-2' },
});

describe('the new pump’s fill volume and the catheter’s length as typed on the replacement form', () => {
  it.each([
    ...['2O', '2,5', '-5', '20 mcg'].map((ml) => ['fill volume', { ml }, /^fill volume \(mL\): /] as const),
    ...['5O', '50,5', '-50', '50 mL', '45.55'].map(
      (lengthCm) => ['catheter length', { lengthCm }, /^catheter length \(cm\): /] as const,
    ),
  ])(
    '%s typed %j was refused as "procedure.…: enter a number" (or rounded): refused naming the field in its unit',
    (_field, typed, message) => {
      const result = parsed(() => procedureBody(form(typed)));
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toMatch(message);
    },
  );

  it('a fill volume it reads is sent exactly in nanolitres, with or without its unit', () => {
    const nl = (ml: string) =>
      (procedureBody(form({ ml }))['initialFill'] as { readonly volumeNl: number }).volumeNl;
    expect(nl('20')).toBe(20_000_000);
    expect(nl('19.5 mL')).toBe(19_500_000);
    expect(nl('0.1')).toBe(100_000);
  });

  it('a catheter length it reads is sent in whole millimetres, with or without its unit', () => {
    const catheter = (lengthCm: string, catheterModel?: string) =>
      procedureBody(form({ lengthCm, ...(catheterModel === undefined ? {} : { catheterModel }) }))[
        'catheter'
      ] as Record<string, unknown>;
    expect(catheter('45')['implantedLengthMm']).toBe(450);
    expect(catheter('45.5 cm')['implantedLengthMm']).toBe(455);
    expect(catheter('455 mm')['implantedLengthMm']).toBe(455);
    expect(catheter('12', 'Prometra')['trimmedMm']).toBe(120);
  });
});
