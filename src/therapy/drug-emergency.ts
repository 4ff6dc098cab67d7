/**
 * What an emergency team must read about the drug in the pump, per drug (docs/clinical-reference.md §2, "Emergency words per drug"):
 * the emergency card's banner and warning, the signs of withdrawal and of overdose, what to do, and the line
 * every printed report ends with. Baclofen's withdrawal can kill within days; an opioid's overdose is reversed
 * by naloxone; ziconotide has no withdrawal and naloxone does not touch it. A card or report that printed
 * baclofen's words for a morphine pump would send the team the wrong way, so each drug has its own entry,
 * and the type makes a new drug without one a compile error.
 */
import { BACLOFEN_LABEL, INFUMORPH_LABEL, PRIALT_LABEL } from './drug-data.ts';
import type { DrugId } from './drug.ts';

export interface DrugEmergencyText {
  /** The card's red banner. */
  readonly title: string;
  /** The line under the banner: what must not happen. */
  readonly warning: string;
  /** Signs of too little drug, and what they lead to; null for a drug with no withdrawal. */
  readonly withdrawal: { readonly signs: readonly string[]; readonly course: string } | null;
  /** The card's heading over the overdose signs. */
  readonly overdoseHeading: string;
  /** Signs of too much drug; empty for saline. */
  readonly overdoseSigns: readonly string[];
  /** The first "what to do" lines after calling the clinic: stopping, and treating an overdose. */
  readonly whatToDo: readonly string[];
  /** The sentence every printed report ends with. */
  readonly paperNote: string;
  /** What stopping the drug does, for the pages that stop a pump or set its empty alarm. */
  readonly stopped: string;
  /** Why a resumed infusion is dangerous after an interruption; null where tolerance is not the issue. */
  readonly resumed: string | null;
  /** What the clinic does while delivery is stopped, for a stop's warning and restart plan. */
  readonly whileStopped: string;
  /** The patient's own page, in plain words: the signs of too little and too much, and how urgent each is. */
  readonly forPatient: {
    readonly tooLittle: { readonly signs: string; readonly urgency: string } | null;
    readonly tooMuch: { readonly signs: string; readonly urgency: string } | null;
  };
  /** Where the words come from ([C] a label section, [U] our reading of a label not written for this route). */
  readonly source: string;
}

const GO_NOW = 'Go to the emergency department or call an ambulance now.';
const CAUSES = 'Causes: empty pump, battery end, catheter fault, programming error.';

const BACLOFEN: DrugEmergencyText = {
  title: 'INTRATHECAL BACLOFEN PUMP - EMERGENCY CARD',
  warning: 'DO NOT STOP BACLOFEN ABRUPTLY. Withdrawal can be life-threatening.',
  withdrawal: {
    signs: [
      'Return of spasticity, rigidity',
      'Itching, tingling',
      'High fever',
      'Fast heart rate (tachycardia)',
      'Low blood pressure',
      'Altered mental status, confusion',
    ],
    course: `Can progress within 24-72 h to muscle breakdown, organ failure and death. ${CAUSES}`,
  },
  overdoseHeading: 'Overdose (dose too high)',
  overdoseSigns: [
    'Drowsiness, dizziness',
    'Slow or shallow breathing (respiratory depression)',
    'Seizures',
    'Floppiness rising up the body (hypotonia)',
    'Coma',
  ],
  whatToDo: [
    'Do not stop baclofen abruptly. The pump must be interrogated with its programmer by a trained clinician: reservoir volume, prescription, alarms, catheter.',
  ],
  paperNote: 'Do not stop intrathecal baclofen abruptly: withdrawal can be life-threatening.',
  stopped: 'Stopping baclofen can start a withdrawal syndrome within hours.',
  resumed:
    'Resuming after more than 6 hours restores the full prior dose into a patient who has lost tolerance.',
  whileStopped: 'bridge with oral baclofen and watch for withdrawal (itching, fever, more spasms, confusion)',
  forPatient: {
    tooLittle: {
      signs:
        'Spasms or stiffness coming back, itching, tingling, a fast heartbeat, feeling faint. Later: high fever, confusion, very stiff muscles.',
      urgency:
        'Withdrawal can become life-threatening within a day or two. With fever, confusion or stiffness, go to the emergency department now.',
    },
    tooMuch: {
      signs:
        'Unusual sleepiness, dizziness, slow or shallow breathing, floppy muscles creeping up the body, seizures.',
      urgency: GO_NOW,
    },
  },
  source: `[C: ${BACLOFEN_LABEL}, boxed warning, warnings (withdrawal) and overdosage]`,
};

/** An intrathecal opioid: opioid withdrawal on a stop, an overdose naloxone reverses. */
const opioid = (name: string, source: string): DrugEmergencyText => ({
  title: `INTRATHECAL ${name.toUpperCase()} PUMP (OPIOID) - EMERGENCY CARD`,
  warning: `OPIOID PUMP. DO NOT STOP ${name.toUpperCase()} ABRUPTLY: opioid withdrawal.`,
  withdrawal: {
    signs: [
      'Restlessness, anxiety, irritability',
      'Watery eyes, runny nose, yawning, sweating',
      'Goose flesh, large pupils',
      'Muscle and joint aches, back pain',
      'Nausea, vomiting, diarrhoea, cramps',
      'Fast heart rate, raised blood pressure',
    ],
    course: `Opioid withdrawal, and the pain returns. ${CAUSES}`,
  },
  overdoseHeading: 'Opioid overdose (dose too high)',
  overdoseSigns: [
    'Slow or shallow breathing (respiratory depression), possibly hours after a change',
    'Pinpoint pupils',
    'Extreme drowsiness, confusion, coma',
    'Cold, clammy skin; floppy muscles',
    'Slow heart rate, low blood pressure',
  ],
  whatToDo: [
    `Opioid overdose: naloxone reverses it; support breathing. The pump keeps delivering, so naloxone may have to be repeated.`,
    `Do not stop ${name} abruptly. The pump must be interrogated with its programmer by a trained clinician.`,
  ],
  paperNote: `Do not stop intrathecal ${name} abruptly: opioid withdrawal. Overdose (slow breathing, pinpoint pupils): naloxone.`,
  stopped: `Stopping ${name} gives opioid withdrawal in a tolerant patient, and the pain returns.`,
  resumed:
    'Resuming after an interruption restores the full prior dose into a patient who may have lost tolerance: respiratory depression.',
  whileStopped: 'watch for opioid withdrawal and returning pain, and treat the pain by another route',
  forPatient: {
    tooLittle: {
      signs:
        'Pain coming back, restlessness, yawning, a runny nose and watery eyes, sweating, goose bumps, stomach cramps, diarrhoea.',
      urgency: 'Call your clinic the same day.',
    },
    tooMuch: {
      signs:
        'Unusual sleepiness, slow or shallow breathing, very small pupils, confusion, cold and clammy skin.',
      urgency: `${GO_NOW} An opioid overdose can be reversed: show your emergency card.`,
    },
  },
  source,
});

const ZICONOTIDE: DrugEmergencyText = {
  title: 'INTRATHECAL ZICONOTIDE PUMP (NOT AN OPIOID) - EMERGENCY CARD',
  warning: 'ZICONOTIDE, NOT AN OPIOID. Stopping it causes no withdrawal; naloxone does not reverse it.',
  withdrawal: null,
  overdoseHeading: 'Too much ziconotide (psychiatric and neurological effects)',
  overdoseSigns: [
    'Confusion, hallucinations, paranoia, change of mood',
    'Decreased alertness, unresponsiveness',
    'Unsteady walking, dizziness, slurred or garbled speech',
    'Nausea, vomiting',
    'Low blood pressure',
  ],
  whatToDo: [
    'Serious psychiatric or neurological signs: the infusion must be stopped (the clinic stops the pump with its programmer). Stopping causes no withdrawal; naloxone does not reverse ziconotide.',
  ],
  paperNote:
    'Ziconotide: stop for serious psychiatric or neurological signs; no withdrawal on stopping; not reversed by naloxone.',
  stopped: 'Ziconotide may be stopped without withdrawal; the pain returns.',
  resumed: null,
  whileStopped: 'watch for returning pain',
  forPatient: {
    tooLittle: { signs: 'Pain coming back.', urgency: 'Stopping it causes no withdrawal: call your clinic.' },
    tooMuch: {
      signs:
        'Confusion, seeing or hearing things that are not there, changes of mood, unusual sleepiness, unsteady walking, slurred speech.',
      urgency: 'Call your clinic now; with confusion or unusual sleepiness, go to the emergency department.',
    },
  },
  source: `[C: ${PRIALT_LABEL}, boxed warning, dosage (may be stopped abruptly), overdosage, clinical pharmacology (not blocked by opioid antagonists)]`,
};

const CLONIDINE: DrugEmergencyText = {
  title: 'INTRATHECAL CLONIDINE PUMP - EMERGENCY CARD',
  warning: 'DO NOT STOP CLONIDINE ABRUPTLY: rebound high blood pressure.',
  withdrawal: {
    signs: [
      'Nervousness, agitation',
      'Headache, tremor',
      'Rapid rise in blood pressure (rebound hypertension)',
    ],
    course: `Rebound hypertension can follow an abrupt stop. ${CAUSES}`,
  },
  overdoseHeading: 'Overdose (dose too high)',
  overdoseSigns: [
    'Low blood pressure, slow heart rate',
    'Drowsiness, lethargy',
    'Slow or shallow breathing',
    'Small pupils',
  ],
  whatToDo: [
    'Overdose: support breathing and circulation. Do not stop clonidine abruptly: the pump must be interrogated by a trained clinician.',
  ],
  paperNote: 'Do not stop intrathecal clonidine abruptly: rebound hypertension.',
  stopped: 'Stopping clonidine abruptly can cause rebound hypertension.',
  resumed: null,
  whileStopped: 'watch the blood pressure for rebound hypertension',
  forPatient: {
    tooLittle: {
      signs: 'Nervousness, agitation, headache, shaking, and a sudden rise in blood pressure.',
      urgency: 'A sudden rise in blood pressure can be dangerous: call your clinic now.',
    },
    tooMuch: {
      signs:
        'Dizziness or fainting (low blood pressure), a slow heartbeat, unusual sleepiness, slow breathing.',
      urgency: GO_NOW,
    },
  },
  source:
    '[U: our reading of the Duraclon (clonidine, epidural) US label, warnings (withdrawal) and overdosage, for the intrathecal route]',
};

const BUPIVACAINE: DrugEmergencyText = {
  title: 'INTRATHECAL BUPIVACAINE PUMP (LOCAL ANAESTHETIC) - EMERGENCY CARD',
  warning:
    'BUPIVACAINE (LOCAL ANAESTHETIC) PUMP. Too much numbs and weakens the legs and can lower blood pressure.',
  withdrawal: null,
  overdoseHeading: 'Too much bupivacaine',
  overdoseSigns: [
    'Numbness or weakness of the legs, rising up the body',
    'Low blood pressure, slow heart rate',
    'Difficulty breathing (a high block)',
    'Metallic taste, ringing ears, twitching, seizures (toxicity)',
  ],
  whatToDo: [
    'Too much: support breathing and circulation; the clinic stops or lowers the pump with its programmer.',
  ],
  paperNote: 'Bupivacaine: numbness or weakness rising up the body, or low blood pressure, means too much.',
  stopped: 'Stopping bupivacaine lets the pain return.',
  resumed: null,
  whileStopped: 'watch for returning pain',
  forPatient: {
    tooLittle: { signs: 'Pain coming back.', urgency: 'Call your clinic.' },
    tooMuch: {
      signs:
        'Numbness or weakness of the legs rising up the body, dizziness or fainting, trouble breathing, a metallic taste, ringing in the ears.',
      urgency: GO_NOW,
    },
  },
  source:
    '[U: our reading of the bupivacaine (Marcaine) US label, warnings and overdosage, for a chronic intrathecal infusion]',
};

const SALINE: DrugEmergencyText = {
  title: 'INTRATHECAL PUMP (SALINE, NO DRUG) - EMERGENCY CARD',
  warning: 'The pump holds saline: it delivers no drug.',
  withdrawal: null,
  overdoseHeading: 'No drug effects expected',
  overdoseSigns: [],
  whatToDo: [
    'The pump holds saline. If the patient was on a drug before, ask the clinic when it was stopped and what to watch for.',
  ],
  paperNote: 'The pump holds saline: it delivers no drug.',
  stopped: 'The pump holds saline: stopping it withholds no drug.',
  resumed: null,
  whileStopped: 'nothing to bridge',
  forPatient: { tooLittle: null, tooMuch: null },
  source: '[A: saline keeps the pump and catheter patent; no drug effects]',
};

export const DRUG_EMERGENCY: Readonly<Record<DrugId, DrugEmergencyText>> = {
  baclofen: BACLOFEN,
  morphine: opioid(
    'morphine',
    `[C: ${INFUMORPH_LABEL}, boxed warning, overdosage, drug abuse and dependence]`,
  ),
  hydromorphone: opioid(
    'hydromorphone',
    '[U: our reading of the hydromorphone injection US label (overdosage, withdrawal) for the intrathecal route]',
  ),
  ziconotide: ZICONOTIDE,
  clonidine: CLONIDINE,
  bupivacaine: BUPIVACAINE,
  saline: SALINE,
};

/**
 * The emergency words for the drug in the pump. With no drug on record (an implant recorded before initial
 * fills were), baclofen's: the therapy this system was built for, and the one whose withdrawal kills.
 */
export const drugEmergency = (drug: DrugId | null): DrugEmergencyText => DRUG_EMERGENCY[drug ?? 'baclofen'];

/** A card's list of signs as one line of a warning: "slow or shallow breathing …; pinpoint pupils; …". */
const signsLine = (signs: readonly string[]): string =>
  signs.map((s) => s.charAt(0).toLowerCase() + s.slice(1)).join('; ');

/**
 * What a clinician watches for after giving more of the drug at once (a bolus): the card's own signs of too
 * much, in one line, so the bolus warning and the emergency card name the same signs. Saline has none.
 */
export function tooMuchSignsText(drug: DrugId | null): string {
  const signs = drugEmergency(drug).overdoseSigns;
  return signs.length === 0 ? 'no drug effects expected' : signsLine(signs);
}

/**
 * What a clinician watches for after taking much of the drug away at once (a large reduction): the card's
 * withdrawal signs, or, for a drug without withdrawal, what the clinic watches while it is stopped.
 */
export function tooLittleWatchText(drug: DrugId | null): string {
  const e = drugEmergency(drug);
  return e.withdrawal === null
    ? e.whileStopped
    : `withdrawal risk; watch for ${signsLine(e.withdrawal.signs)}`;
}

/**
 * What a clinician watches for when less of the drug reached the patient than the pump counted (a residual
 * above the calculated one, a reservoir the pump counted empty): the card's withdrawal signs, or, for a drug
 * without withdrawal, what the clinic watches while it is stopped.
 */
export function underDeliveryWatchText(drug: DrugId | null): string {
  const e = drugEmergency(drug);
  if (e.withdrawal !== null) return `observe for withdrawal (${signsLine(e.withdrawal.signs)})`;
  return e.overdoseSigns.length === 0 ? 'saline: no drug effects expected' : e.whileStopped;
}

/** What a clinician watches for when more of the drug may have reached the patient than counted. */
export const overDeliveryWatchText = (drug: DrugId | null): string =>
  `observe for overdose (${tooMuchSignsText(drug)})`;
