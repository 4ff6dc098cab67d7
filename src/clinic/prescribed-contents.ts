/**
 * What goes into a pump is what the prescription in force names: its drug and concentration
 * (wrong-concentration hazard, docs/clinical-reference.md §3). A refill never changes the concentration by
 * itself, and a replacement pump is filled with the contents of the programme it continues — filled with
 * 500 mcg/mL under a programme of 2,000 mcg/mL, the programme on record named contents the pump did not hold.
 * One rule for both (ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH).
 */
import { ItbError } from '../therapy/codes.ts';
import { concentrationText } from '../therapy/drug-display.ts';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { NG_PER_MCG } from '../therapy/quantities.ts';

/**
 * Refuses contents (`drug` at `concentrationNgPerMl`) other than prescription `rx` names; a stop names no
 * contents. `said` names both in the refusal: what put the contents in ("the refill") and the prescription
 * ("the prescription in force").
 */
export function assertPrescribedContents(
  rx: PrescriptionJson,
  contents: { readonly drug: string; readonly concentrationNgPerMl: number },
  said: { readonly what: string; readonly rx: string },
): void {
  if (rx.mode === 'stopped') return;
  const prescribedNg = Math.round(rx.concentrationMcgPerMl * NG_PER_MCG);
  if (rx.drug === contents.drug && prescribedNg === contents.concentrationNgPerMl) return;
  throw new ItbError(
    'ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH',
    `${said.what} names ${contents.drug} ${concentrationText(contents.concentrationNgPerMl, contents.drug)} but ` +
      `${said.rx} is ${rx.drug} ${concentrationText(prescribedNg, rx.drug)}: a new concentration needs a ` +
      'physician’s prescription first',
  );
}
