/**
 * The patient's opioid status in words, the same on every surface that shows it (the board, the patient
 * banner and form, the emergency card, FHIR): opioid-naive, opioid-tolerant, or not recorded (null or
 * undefined). Intrathecal morphine starts the two at different ranges (docs/clinical-reference.md §2,
 * Infumorph label section 2), so "not recorded" is said, never left blank.
 */
import type { OpioidStatus } from './drug.ts';

export const OPIOID_STATUS_TEXT: Readonly<Record<OpioidStatus | 'unknown', string>> = {
  unknown: 'not recorded',
  naive: 'opioid-naive',
  tolerant: 'opioid-tolerant',
};

/** The status as clinicians read it; null or undefined is "not recorded". */
export const opioidStatusText = (status: OpioidStatus | null | undefined): string =>
  OPIOID_STATUS_TEXT[status ?? 'unknown'];
