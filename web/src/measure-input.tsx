/**
 * A measurement typed by a clinician (a volume in mL, a concentration in mcg/mL, a catheter's length in cm):
 * read by therapy's own
 * parser, so a bare number is taken in the field's unit and "2 mg/mL" or "18 ml" are read exactly; a wrong
 * unit ("18 mcg" for a volume) is refused with the reason, shown beside the field.
 */
import { NG_PER_MCG, NL_PER_ML } from '../../src/therapy/quantities.ts';
import { inputToMcg } from '../../src/therapy/dose-input.ts';
import { parseAs } from '../../src/therapy/units.ts';
import { parsed, type Parsed } from './parsed.ts';
import { clinicianText } from './reason-text.ts';

export type Measured = Parsed<number>;

/** A typed measurement in the field's unit (mL, mcg/mL or cm), or why it is not one; null while empty. */
export function measure(
  text: string,
  dimension: 'volume' | 'concentration' | 'length',
  unit: 'mL' | 'mcg/mL' | 'cm',
): Measured | null {
  if (text.trim() === '') return null;
  return parsed(() => {
    const q = parseAs(text, dimension, unit);
    return q.dimension === 'volume'
      ? q.nl / NL_PER_ML
      : q.dimension === 'length'
        ? q.mm / MM_PER_CM
        : q.ngPerMl / NG_PER_MCG;
  });
}
const MM_PER_CM = 10;
/**
 * A typed concentration in mcg/mL (the API's unit), a bare number read in the drug's label unit (mg/mL for
 * morphine; dose-input.ts), or why it is not one; null while empty.
 */
export function measureConcentration(text: string, drug: string | null | undefined): Measured | null {
  if (text.trim() === '') return null;
  return parsed(() => inputToMcg(text, 'concentration', drug));
}
export const valueOf = (m: Measured | null): number => (m !== null && m.ok ? m.value : Number.NaN);

export function MeasureInput({
  id,
  value,
  onChange,
  parsed,
  serverError,
}: {
  readonly id: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly parsed: Measured | null;
  /** The server's refusal of this field, in clinician words (field-errors.ts). */
  readonly serverError?: string | undefined;
}) {
  const message =
    parsed !== null && !parsed.ok
      ? parsed.message
      : serverError === undefined || serverError === ''
        ? null
        : // The same wording pass as the message at the top (numbers with separators, times in the
          // clinic's zone), so the field and the top never state one value two ways.
          clinicianText(serverError).text;
  const bad = message !== null;
  return (
    <>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        aria-invalid={bad ? true : undefined}
        aria-describedby={bad ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {bad && (
        <span id={`${id}-error`} className="field-error">
          {message}
        </span>
      )}
    </>
  );
}
