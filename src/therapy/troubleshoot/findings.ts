/**
 * What a clinician has in hand when a patient presents: the symptoms, the pump's interrogation, the
 * reconciliation of the drained residual (once done) and the recent history. Everything is optional except
 * the presentation, because the guide must rank causes before any test is done and re-rank as results come.
 */
import { z } from 'zod';
import { DRUG_IDS } from '../drug-library.ts';

/** The seeds' three malfunction symptoms, plus overdose signs and an alarm without symptoms. */
export const PRESENTATIONS = [
  'more-spasticity',
  'overdose-signs',
  'pump-site-swelling',
  'leakage',
  'alarm',
] as const;
export type Presentation = (typeof PRESENTATIONS)[number];

/** The alarm kinds a pump reports (the pump's own vocabulary, src/pump/state.ts AlarmType). */
export const REPORTED_ALARMS = [
  'low-reservoir',
  'eri',
  'memory-error-minor',
  'empty-reservoir',
  'eos',
  'motor-stall',
  'low-battery-reset',
  'memory-error',
] as const;

const hours = z.number().min(0).max(1e6);

export const findingsSchema = z.strictObject({
  presentations: z.array(z.enum(PRESENTATIONS)).min(1),
  /** Alarms active at the interrogation. */
  activeAlarms: z.array(z.enum(REPORTED_ALARMS)).default([]),
  /**
   * The pump delivers no drug on purpose: the clinic stopped it (a verified stop with no confirmed resume,
   * src/clinic/delivery-stop.ts) or it reports itself suspended or at its minimum rate. The clinic's records
   * settle it (src/clinic/troubleshooting/record-findings.ts).
   */
  deliveryStopped: z.boolean().default(false),
  /** Nominal reservoir size in mL (20 or 40): sets the reconciliation threshold. */
  reservoirMl: z.number().positive().max(100),
  /** The calculated residual at the interrogation, mL; absent when not interrogated. */
  calculatedResidualMl: z.number().min(0).max(100).optional(),
  /** The pump's empty threshold, mL (device profile). */
  emptyThresholdMl: z.number().min(0).max(10).default(0.5),
  /** Measured (drained) residual minus calculated, mL; absent until reconciled. */
  residualDiscrepancyMl: z.number().min(-100).max(100).optional(),
  /** The last programmed dose change: hours before presentation and new ÷ old daily dose. */
  lastDoseChange: z.strictObject({ hoursAgo: hours, ratio: z.number().min(0).max(1000) }).optional(),
  /** The last refill: hours before presentation. */
  lastRefillHoursAgo: hours.optional(),
  /** Hours since implant or the last catheter revision. */
  hoursSinceSurgery: hours.optional(),
  /** Fever, redness or warmth at the wound, or meningism. */
  infectionSigns: z.boolean().default(false),
  /** A temperature of 38.0 °C or more: infection, or baclofen withdrawal (docs/clinical-reference.md §2). */
  fever: z.boolean().default(false),
  /** Headache or neck stiffness: with fever, meningitis until excluded (docs/clinical-reference.md §2). */
  meningism: z.boolean().default(false),
  /** The infusion holds an intrathecal opioid (morphine, hydromorphone): catheter-tip granuloma (§2). */
  intrathecalOpioid: z.boolean().default(false),
  /**
   * The drug in the pump, from the clinic's records (src/clinic/troubleshooting/record-findings.ts): the
   * remedy for a loss of delivery is that drug's (causes.ts `remediesOf`); null when not known.
   */
  drug: z.enum(DRUG_IDS).nullable().default(null),
  /** New neurological signs: weakness, numbness, bowel or bladder change, pain at the catheter tip level. */
  neurologicalSigns: z.boolean().default(false),
  /** Catheter access port aspiration: clear CSF, nothing, or fluid that is not CSF. */
  portAspiration: z.enum(['csf', 'none', 'not-csf']).optional(),
  /** Imaging (plain films, contrast through the access port; MRI or CT myelogram of the tip). */
  imaging: z.enum(['leak-at-pump', 'leak-along-catheter', 'no-passage', 'intact', 'mass-at-tip']).optional(),
  /** Rotor study: did the rotor turn for a programmed bolus? */
  rotorStudy: z.enum(['turned', 'did-not-turn']).optional(),
  /** Months on intrathecal therapy. */
  monthsOnTherapy: z.number().min(0).max(1200).optional(),
});
export type FindingsInput = z.input<typeof findingsSchema>;
export type Findings = z.output<typeof findingsSchema>;
