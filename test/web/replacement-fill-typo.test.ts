/**
 * A typo in the new pump's fill volume on the replacement (and implant) form — "2O" for 20 — was sent to
 * the server as null and refused as "Not saved: procedure.initialFill.volumeNl: enter a number": a field
 * the form does not have, in nanolitres it does not show (walk of the demo: end of a pump's life). The
 * forms' one body builder (web/src/pathway/procedure-body.ts) now reads the volume with therapy's parser
 * and refuses it beside the fill, naming the fill volume in mL; a number it reads is sent exactly in nL.
 */
import { describe, expect, it } from 'vitest';
import { procedureBody, type ProcedureFields } from '../../web/src/pathway/procedure-body.ts';
import { parsed } from '../../web/src/parsed.ts';

const form = (ml: string): ProcedureFields => ({
  serial: 'SN-2',
  profile: 'peristaltic-20',
  day: '2026-12-04',
  side: 'left',
  catheterModel: '8709SC',
  lengthCm: '50',
  tip: 'T10',
  linkKeys: {},
  fill: { drug: 'baclofen', concentration: '1000', ml, lot: 'LOT-2' },
});

describe('the new pump’s fill volume as typed on the replacement form', () => {
  it.each(['2O', '2,5', '-5', '20 mcg'])(
    'fill volume typed "%s" was refused as "procedure.initialFill.volumeNl": refused beside the fill, naming the fill volume in mL',
    (ml) => {
      const result = parsed(() => procedureBody(form(ml)));
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.message).toMatch(/^fill volume \(mL\): /);
    },
  );

  it('a fill volume it reads is sent exactly in nanolitres, with or without its unit', () => {
    const nl = (ml: string) =>
      (procedureBody(form(ml))['initialFill'] as { readonly volumeNl: number }).volumeNl;
    expect(nl('20')).toBe(20_000_000);
    expect(nl('19.5 mL')).toBe(19_500_000);
    expect(nl('0.1')).toBe(100_000);
  });
});
