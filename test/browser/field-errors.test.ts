/**
 * Server refusals at their field (web/src/field-errors.ts): a refusal claimed by one field keeps its
 * message at the top and marks the field, and says each fact once.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.ts';
import { shownErrors } from '../../web/src/field-errors.ts';

/** The refill wizard's concentration field (web/src/refill/use-refill-wizard.ts REFILL_FIELDS). */
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
});
