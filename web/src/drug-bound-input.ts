/**
 * A dose or concentration typed in a form belongs to the drug it was typed for (issue 13): a bare number is
 * read in that drug's label unit (src/therapy/dose-input.ts), so "500" typed for baclofen (500 mcg/mL)
 * would be read as 500 mg/mL once the form's drug is switched to morphine. When a form's drug changes, its
 * dose and concentration fields are emptied, for the clinician to type the new drug's number from its
 * label; a number typed for one drug is never submitted for another. Every form with a drug choice (the
 * implant's initial fill, the refill's syringe label) keeps its fields through this one rule.
 */

/** The field's text once the form's drug changes from `from` to `to`: kept for the same drug, else empty. */
export const textAfterDrugChange = (text: string, from: string | null, to: string | null): string =>
  from === to ? text : '';
