/**
 * Schema refusals in clinician words (web/src/validation-text.ts): an empty required text is "required",
 * a longer minimum counts its characters, a number's bounds keep the field's unit.
 */
import { describe, expect, it } from 'vitest';
import { validationText } from '../../web/src/validation-text.ts';

describe('schema refusals in clinician words', () => {
  it('alert note left empty: an empty required text reads "required", not "must be at least 1"', () => {
    expect(validationText('Too small: expected string to have >=1 characters')).toBe('required');
  });

  it('a text under a longer minimum says how many characters, never "required"', () => {
    expect(validationText('Too small: expected string to have >=3 characters')).toBe('at least 3 characters');
  });

  it('a number above its bound keeps the field unit', () => {
    expect(validationText('Too big: expected number to be <=100', 'mL')).toBe('must be at most 100 mL');
  });
});
