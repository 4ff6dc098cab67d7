/**
 * Server refusals at their field (web/src/field-errors.ts): a refusal claimed by one field keeps its
 * message at the top and marks the field, and says each fact once.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.ts';
import { shownErrors } from '../../web/src/field-errors.ts';
import { refillFields } from '../../web/src/refill/refill-fields.ts';

/** The refill wizard's concentration field for baclofen (web/src/refill/refill-fields.ts). */
const FIELDS = { concentrationMcgPerMl: { id: 'conc', label: 'Concentration', unit: 'mcg/mL' } };

describe('refusals at their field', () => {
  it('the wrong-syringe Stopped banner repeats the same facts twice (message and details): shown once', () => {
    // As the server answers ITB_E_PROG_REFILL_CONTENTS_MISMATCH: the message, then its reason's short form.
    const refusal = new ApiError(422, 'ITB_E_PROG_REFILL_CONTENTS_MISMATCH', [
      'the syringe holds baclofen 2,000 mcg/mL but the pump holds baclofen 1,000 mcg/mL: refill with ' +
        'baclofen 1,000 mcg/mL. A new drug or concentration needs a physician’s prescription naming it first',
      'syringe baclofen 2,000 mcg/mL ≠ pump baclofen 1,000 mcg/mL; prescription in force: baclofen 1,000 mcg/mL',
    ]);
    const shown = shownErrors(refusal, FIELDS, {
      ITB_E_PROG_REFILL_CONTENTS_MISMATCH: 'concentrationMcgPerMl',
    });
    expect(shown.general).toBe(refusal.messages[0]);
    expect(shown.general?.match(/2,000 mcg\/mL/g)).toHaveLength(1);
    expect(shown.byField).toEqual({
      conc: 'Concentration: the syringe holds baclofen 2,000 mcg/mL but the pump holds baclofen 1,000 mcg/mL',
    });
  });

  it('concentration bound in another unit: a morphine syringe typed in mg/mL is refused in mg/mL, not "at most 10,000 mcg/mL"', () => {
    // Walked: Marie Curie's 25 mg/mL syringe was refused by the plan's schema bound (in mcg/mL, the API's
    // unit), and the field labelled "Concentration (mg/mL)" said "must be at most 10,000 mcg/mL".
    const issue = {
      path: 'body.concentrationMcgPerMl',
      code: 'too_big',
      text: 'Too big: expected number to be <=10000',
    };
    const refusal = new ApiError(400, 'ITB_E_INVALID_INPUT', ['the body is not valid'], [issue]);
    expect(shownErrors(refusal, refillFields('morphine')).byField).toEqual({
      conc: 'Concentration: must be at most 10 mg/mL',
    });
    expect(shownErrors(refusal, refillFields('baclofen')).byField).toEqual({
      conc: 'Concentration: must be at most 10,000 mcg/mL',
    });
  });
});
