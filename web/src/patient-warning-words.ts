/**
 * The patient's own warning signs, for the drug in their pump (src/therapy/drug-emergency.ts): a patient on
 * morphine was told to watch for spasms coming back and floppy muscles — baclofen's signs — and not that an
 * opioid overdose can be reversed. What the page says, as data; patient-warning-signs.tsx lays it out.
 */
import { drugEmergency } from '../../src/therapy/drug-emergency.ts';
import type { DrugId } from '../../src/therapy/drug.ts';

export interface WarningBox {
  readonly heading: string;
  readonly signs: string;
  readonly urgency: string;
  /** Whether the clinic's number follows the urgency ("… Call <clinic> at the first signs."). */
  readonly callAtFirstSigns: boolean;
}

/** The boxes for the drug, or the one line for a pump with no drug in it (saline). */
export function patientWarningWords(drug: DrugId | null): readonly WarningBox[] | string {
  const e = drugEmergency(drug);
  const { tooLittle, tooMuch } = e.forPatient;
  if (tooLittle === null && tooMuch === null) return `${e.warning} Any new symptom: call your clinic.`;
  const boxes: WarningBox[] = [];
  if (tooLittle !== null)
    boxes.push({
      heading: `Too little medicine${e.withdrawal === null ? '' : ' (withdrawal)'}`,
      ...tooLittle,
      callAtFirstSigns: true,
    });
  if (tooMuch !== null)
    boxes.push({ heading: 'Too much medicine (overdose)', ...tooMuch, callAtFirstSigns: false });
  return boxes;
}
