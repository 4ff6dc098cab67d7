/**
 * The causes a troubleshooting guide weighs when an ITB patient presents with more spasticity than
 * expected, overdose signs, swelling or unusual feelings at the pump site, or leakage — listed in order of
 * danger (the first one kills fastest if missed), each with the steps that tell it apart and the remedies.
 * Withdrawal and overdose facts: docs/clinical-reference.md §2 (Lioresal Intrathecal PI boxed warning,
 * section 10); reservoir, alarms, access port, MRI and refill facts: §3.
 */

import { drugEmergency } from '../drug-emergency.ts';
import { getDrug } from '../drug-library.ts';
import type { DrugId } from '../drug.ts';

/** A cause, by id. The order of CAUSE_IDS is the order of danger. */
export const CAUSE_IDS = [
  'reservoir-empty-or-low',
  'delivery-stopped',
  'programming-error',
  'wrong-concentration',
  'catheter-occlusion-or-kink',
  'catheter-disconnection-or-leak',
  'catheter-migration-or-fracture',
  'catheter-tip-granuloma',
  'pump-stall-or-failure',
  'pocket-fill',
  'infection',
  'disease-progression',
  'tolerance',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

/** A diagnostic step, by id. */
export type StepId =
  | 'interrogate'
  | 'reconcile-residual'
  | 'access-port-aspiration'
  | 'imaging'
  | 'rotor-study'
  | 'infection-workup'
  | 'clinical-review';

export interface DiagnosticStep {
  readonly id: StepId;
  readonly title: string;
  /** What to do, in a clinician's words. */
  readonly how: string;
  /** Each possible result and what it rules in or out. */
  readonly results: readonly { readonly result: string; readonly meaning: string }[];
}

export interface Cause {
  readonly id: CauseId;
  readonly title: string;
  /** Why it is dangerous: what happens if it is missed. */
  readonly danger: string;
  /** The steps that confirm or exclude it, most informative first. */
  readonly steps: readonly StepId[];
  readonly remedies: readonly string[];
}

/** The diagnostic steps (docs/clinical-reference.md §3: refill procedure, access port, MRI, rotor). */
export const STEPS: Readonly<Record<StepId, DiagnosticStep>> = {
  interrogate: {
    id: 'interrogate',
    title: 'Interrogate the pump and read its event log',
    how: 'Read the calculated reservoir volume, active alarms, the prescription running and every change in the event log since the last visit.',
    results: [
      {
        result: 'empty or low-reservoir alarm, or calculated volume at the empty threshold',
        meaning: 'rules in an empty or low reservoir',
      },
      {
        result: 'motor stall, low-battery reset, end of service or memory error',
        meaning: 'rules in a pump stall or failure',
      },
      {
        result: 'a dose or concentration change shortly before the symptoms',
        meaning: 'rules in a programming error: compare with the prescription ordered',
      },
      {
        result: 'prescription as ordered, no alarm',
        meaning: 'makes reservoir, programming and pump failure unlikely: look at the catheter',
      },
    ],
  },
  'reconcile-residual': {
    id: 'reconcile-residual',
    title: 'Drain the reservoir completely and compare with the calculated residual',
    how: 'Needle through the septum to the needle stop (template or ultrasound), drain completely, compare with the pump; more than 1 mL (20 mL pump) or 2 mL (40 mL pump) apart is consequential.',
    results: [
      {
        result: 'more left than calculated',
        meaning: 'under-delivery: catheter occlusion or kink, or a motor stall',
      },
      {
        result: 'less left than calculated',
        meaning: 'drug went elsewhere: an earlier pocket fill, a leak, or over-delivery',
      },
      {
        result: 'within the threshold',
        meaning:
          'the pump delivered what it counted: a catheter leak, disconnection or migration downstream of the pump is still possible',
      },
    ],
  },
  'access-port-aspiration': {
    id: 'access-port-aspiration',
    title: 'Catheter access port aspiration',
    how: 'With the access-port needle only, aspirate slowly and discard at least the catheter volume (it holds drug: never inject it back as a bolus). Free flow of clear CSF is expected.',
    results: [
      {
        result: 'clear CSF aspirates freely',
        meaning: 'the catheter is patent and its tip is intrathecal: occlusion and migration unlikely',
      },
      { result: 'nothing aspirates', meaning: 'occlusion, kink, or a tip outside the intrathecal space' },
      {
        result: 'fluid aspirates but is not CSF (e.g. blood, tissue fluid)',
        meaning: 'tip migration or a break: image the catheter',
      },
    ],
  },
  imaging: {
    id: 'imaging',
    title: 'Imaging: X-ray of pump and catheter, CT myelogram through the access port, MRI of the tip',
    how: 'Plain films show the pump position (flipped pump), catheter course, kinks and breaks; contrast through the access port shows leaks, disconnection and the tip position; MRI with contrast (or CT myelogram) shows a mass at the catheter tip.',
    results: [
      { result: 'contrast leaks at the pump or a connector', meaning: 'disconnection or leak' },
      {
        result: 'contrast leaves the catheter before the intrathecal space',
        meaning: 'fracture or tip migration',
      },
      { result: 'contrast does not pass', meaning: 'occlusion or kink' },
      {
        result: 'contrast reaches the intrathecal space at the recorded tip level',
        meaning: 'catheter intact',
      },
      {
        result: 'a mass at the catheter tip',
        meaning: 'catheter-tip granuloma (inflammatory mass): no further dose increase',
      },
    ],
  },
  'rotor-study': {
    id: 'rotor-study',
    title: 'Rotor study',
    how: 'X-ray the pump, programme a small bolus, X-ray again: the rotor should have turned by the expected angle.',
    results: [
      { result: 'the rotor did not turn', meaning: 'pump stall: the pump is not delivering (replace it)' },
      { result: 'the rotor turned as expected', meaning: 'the pump mechanism works' },
    ],
  },
  'infection-workup': {
    id: 'infection-workup',
    title: 'Infection work-up',
    how: 'Inspect the wound and pocket, temperature, inflammatory markers; culture fluid from the pocket or CSF when indicated.',
    results: [
      {
        result: 'redness, warmth, fever, raised markers or a positive culture',
        meaning: 'rules in an infection of the pocket, catheter or meninges',
      },
      { result: 'none', meaning: 'infection unlikely' },
    ],
  },
  'clinical-review': {
    id: 'clinical-review',
    title: 'Clinical review of the underlying condition and triggers',
    how: 'Look for noxious stimuli (pressure sores, urinary infection, constipation, ingrown nails), disease activity, and the dose history over months.',
    results: [
      { result: 'a trigger or new disease activity', meaning: 'disease progression or a treatable trigger' },
      { result: 'a dose that has climbed for months with a working system', meaning: 'tolerance' },
    ],
  },
};

// Shown to the clinician and recorded with the episode: clinician words only. When the drug in the pump is
// known, the remedy is that drug's (remediesOf); this is the words for a pump whose drug is not on record.
const WITHDRAWAL_PROTOCOL =
  "treat as withdrawal risk: bridge the drug by another route as the patient's emergency card says for the drug in the pump (oral baclofen for baclofen) and the withdrawal emergency protocol (intensive care if fever, altered mental status or rigidity), restore intrathecal delivery as fast as possible";

const INFECTED_EXPLANT =
  'antibiotics; explant of an infected system, bridging the drug by another route (oral baclofen for baclofen)';

/**
 * What to do for a loss of delivery of `drug`, from its emergency words (drug-emergency.ts `whileStopped`):
 * a morphine patient was told to bridge with "oral baclofen for baclofen". A drug without a withdrawal
 * syndrome (ziconotide, bupivacaine, saline) is not treated as a withdrawal risk.
 */
function withdrawalProtocol(drug: DrugId): string {
  const whileStopped = drugEmergency(drug).whileStopped;
  return getDrug(drug).withdrawalRisk
    ? `treat as ${drug} withdrawal risk: ${whileStopped}, and the withdrawal emergency protocol if its signs appear; restore intrathecal delivery as fast as possible`
    : `treat as a loss of ${drug} delivery (no withdrawal syndrome): ${whileStopped}; restore intrathecal delivery`;
}

/** A cause's remedies for a pump holding `drug` (null: not on record, the words for any drug). */
export function remediesOf(cause: Cause, drug: DrugId | null): readonly string[] {
  if (drug === null) return cause.remedies;
  return cause.remedies.map((r) =>
    r === WITHDRAWAL_PROTOCOL
      ? withdrawalProtocol(drug)
      : r === INFECTED_EXPLANT
        ? `antibiotics; explant of an infected system, and while it is out: ${drugEmergency(drug).whileStopped}`
        : r,
  );
}

/** The causes, in order of danger. */
export const CAUSES: Readonly<Record<CauseId, Cause>> = {
  'reservoir-empty-or-low': {
    id: 'reservoir-empty-or-low',
    title: 'Empty or low reservoir',
    danger: 'abrupt withdrawal: fever, rigidity, rhabdomyolysis, organ failure within 24–72 h',
    steps: ['interrogate', 'reconcile-residual'],
    remedies: [
      'refill now; after an interruption restart lower than the prior dose and observe for overdose',
      WITHDRAWAL_PROTOCOL,
    ],
  },
  'delivery-stopped': {
    id: 'delivery-stopped',
    title: 'Delivery stopped (the pump suspended by the clinic, or at its minimum rate)',
    danger: 'no drug is delivered: abrupt withdrawal, as from an empty reservoir',
    steps: ['interrogate'],
    remedies: [
      'resume delivery by the restart plan: after a long stop, not at the full prior dose (restart lower and observe for overdose)',
      WITHDRAWAL_PROTOCOL,
    ],
  },
  'programming-error': {
    id: 'programming-error',
    title: 'Programming error (dose, unit or decimal slip)',
    danger: 'overdose (respiratory depression, coma) or withdrawal, depending on the direction',
    steps: ['interrogate'],
    remedies: [
      'reprogram to the ordered prescription, confirmed against the pump read-back',
      'overdose: stop or reduce the infusion, empty the pump if needed, support breathing',
    ],
  },
  'wrong-concentration': {
    id: 'wrong-concentration',
    title: 'Wrong concentration in the reservoir (compounding or refill error)',
    danger: 'the pump cannot see it: a stronger syringe overdoses, a weaker one under-doses',
    steps: ['interrogate', 'reconcile-residual'],
    remedies: [
      'empty the reservoir and refill with the ordered concentration, then bridge the catheter',
      'overdose: empty the pump, support breathing; under-dose: withdrawal precautions',
    ],
  },
  'catheter-occlusion-or-kink': {
    id: 'catheter-occlusion-or-kink',
    title: 'Catheter occlusion or kink',
    danger: 'no drug reaches the spine: withdrawal; increasing the dose into it overdoses when it reopens',
    steps: ['reconcile-residual', 'access-port-aspiration', 'imaging'],
    remedies: ['do not titrate up into it', WITHDRAWAL_PROTOCOL, 'surgical catheter revision'],
  },
  'catheter-disconnection-or-leak': {
    id: 'catheter-disconnection-or-leak',
    title: 'Catheter disconnection or leak near the pump',
    danger: 'drug goes into the tissue instead of the spine: withdrawal; fluid collects at the pump site',
    steps: ['access-port-aspiration', 'imaging', 'reconcile-residual'],
    remedies: [WITHDRAWAL_PROTOCOL, 'surgical catheter revision'],
  },
  'catheter-migration-or-fracture': {
    id: 'catheter-migration-or-fracture',
    title: 'Catheter tip migration, fracture or leak along its course',
    danger: 'drug leaves the catheter outside the intrathecal space: withdrawal',
    steps: ['access-port-aspiration', 'imaging'],
    remedies: [WITHDRAWAL_PROTOCOL, 'surgical catheter revision'],
  },
  'catheter-tip-granuloma': {
    id: 'catheter-tip-granuloma',
    title: 'Catheter-tip granuloma (inflammatory mass), mostly with intrathecal opioids',
    danger:
      'a mass growing at the tip compresses the spinal cord (paralysis); it also blocks delivery, so escalating the dose feeds it',
    steps: ['imaging'],
    remedies: [
      'stop dose escalation; MRI with contrast (or CT myelogram) of the catheter tip before any increase',
      'with a neurological deficit: urgent neurosurgical review (decompression, catheter removal)',
      'without a deficit: stop the opioid at the tip (saline, or move the tip) with opioid withdrawal precautions, and image again',
    ],
  },
  'pump-stall-or-failure': {
    id: 'pump-stall-or-failure',
    title: 'Pump stall or failure (motor stall, MRI stall, battery reset, end of service)',
    danger: 'delivery stops or drops to a minimal rate: withdrawal',
    steps: ['interrogate', 'rotor-study', 'reconcile-residual'],
    remedies: [
      'after an MRI: interrogate to confirm the pump resumed (recovery may take 2–24 h)',
      WITHDRAWAL_PROTOCOL,
      'pump replacement',
    ],
  },
  'pocket-fill': {
    id: 'pocket-fill',
    title: 'Pocket fill (drug injected into the pocket, not the reservoir)',
    danger:
      'systemic overdose from the pocket, then withdrawal when the reservoir the pump thinks full runs dry',
    steps: ['reconcile-residual', 'interrogate'],
    remedies: [
      'observe for overdose (drowsiness, respiratory depression) and support breathing',
      'aspirate the pocket if possible; refill correctly (template or ultrasound) and reconcile',
      'withdrawal precautions until the reservoir is confirmed full',
    ],
  },
  infection: {
    id: 'infection',
    title: 'Infection of the pocket, catheter or meninges',
    danger: 'meningitis or sepsis; an infected system may need explant (withdrawal risk)',
    steps: ['infection-workup', 'imaging'],
    remedies: [INFECTED_EXPLANT],
  },
  'disease-progression': {
    id: 'disease-progression',
    title: 'Disease progression or a noxious trigger',
    danger: 'spasticity rises while the system works; a missed system fault is the greater danger',
    steps: ['clinical-review'],
    remedies: ['treat the trigger; titrate within the label once the system is confirmed working'],
  },
  tolerance: {
    id: 'tolerance',
    title: 'Tolerance',
    danger: 'a diagnosis of exclusion: only after the system is shown to work',
    steps: ['clinical-review'],
    remedies: [
      'titrate within the label; consider a drug holiday under supervision or another mode (flex, boluses)',
    ],
  },
};
