/**
 * A troubleshooting episode as recorded (docs/troubleshooting.md "Recorded episodes"): the symptom and the
 * findings the guide was fed, the causes as it ranked them, each step done with its result and the ranking
 * after it, and the closing — the cause found, the remedy chosen and the outcome. Stored as append-only
 * entries (open, step, close) so the path taken can be read back exactly as it happened; the episode is
 * their fold. The guide itself is src/therapy/troubleshoot (pure); this module only records its use.
 */
import { z } from 'zod';
import {
  CAUSE_IDS,
  CAUSES,
  remediesOf,
  type CauseId,
  type StepId,
} from '../../therapy/troubleshoot/causes.ts';
import type { DrugId } from '../../therapy/drug.ts';
import { findingsSchema, type Findings } from '../../therapy/troubleshoot/findings.ts';
import { troubleshoot } from '../../therapy/troubleshoot/rank.ts';
import { ItbError } from '../../therapy/codes.ts';
import { epochMsSchema } from '../records.ts';

/** The seeds' three malfunction symptoms a clinician opens an episode for (docs/clinical-reference.md §3). */
export const EPISODE_SYMPTOMS = ['more-spasticity', 'pump-site-swelling', 'leakage'] as const;
export type EpisodeSymptom = (typeof EPISODE_SYMPTOMS)[number];

/** The diagnostic steps a clinician records (causes.ts StepId). */
export const STEP_IDS = [
  'interrogate',
  'reconcile-residual',
  'access-port-aspiration',
  'imaging',
  'rotor-study',
  'infection-workup',
  'clinical-review',
] as const satisfies readonly StepId[];

/** How the episode ended for the patient. */
export const EPISODE_OUTCOMES = ['resolved', 'improved', 'unchanged', 'referred', 'worse'] as const;

const rankingSchema = z.array(z.strictObject({ id: z.enum(CAUSE_IDS), score: z.number() }));
export type Ranking = z.output<typeof rankingSchema>;
/** Findings as fed to the guide, without the presentations (the episode's symptom sets those). */
const findingsFieldsSchema = z.record(z.string(), z.unknown());
const note = z.string().trim().max(2000).default('');

export const openBodySchema = z.strictObject({
  kind: z.literal('open'),
  symptom: z.enum(EPISODE_SYMPTOMS),
  findings: findingsSchema,
  ranking: rankingSchema,
});
/**
 * Entries after the opening carry their place in the episode: clinical times may tie (a step recorded in
 * the same minute) and row ids are random, so the order the path was taken in is stored, not inferred.
 */
const seq = z.int().min(1);
export const stepBodySchema = z.strictObject({
  kind: z.literal('step'),
  episodeId: z.string().min(1),
  seq,
  step: z.enum(STEP_IDS),
  /** The result in the clinician's words (one of the step's listed results, or what was seen). */
  result: z.string().trim().min(1).max(500),
  findings: findingsSchema,
  ranking: rankingSchema,
});
export const closeBodySchema = z.strictObject({
  kind: z.literal('close'),
  episodeId: z.string().min(1),
  seq,
  cause: z.enum(CAUSE_IDS),
  remedy: z.string().trim().min(1).max(500),
  outcome: z.enum(EPISODE_OUTCOMES),
  note,
});
export const entryBodySchema = z.discriminatedUnion('kind', [
  openBodySchema,
  stepBodySchema,
  closeBodySchema,
]);
export type EntryBody = z.output<typeof entryBodySchema>;

const head = { patientId: z.string().min(1), at: epochMsSchema };
/** Opening an episode: the symptom and what is in hand (the interrogation, reconciliation, history). */
export const openInputSchema = z.strictObject({
  ...head,
  symptom: z.enum(EPISODE_SYMPTOMS),
  findings: findingsFieldsSchema,
});
/** A step done: its result, and the findings it adds (e.g. `{ portAspiration: 'none' }`). */
export const stepInputSchema = z.strictObject({
  ...head,
  episodeId: z.string().min(1),
  step: z.enum(STEP_IDS),
  result: z.string().trim().min(1).max(500),
  findings: findingsFieldsSchema.default({}),
});
/** Closing: the cause found, the remedy chosen (one of that cause's remedies) and the outcome. */
export const closeInputSchema = z.strictObject({
  ...head,
  episodeId: z.string().min(1),
  cause: z.enum(CAUSE_IDS),
  remedy: z.string().trim().min(1).max(500),
  outcome: z.enum(EPISODE_OUTCOMES),
  note,
});
export type OpenEpisodeInput = z.input<typeof openInputSchema>;
export type EpisodeStepInput = z.input<typeof stepInputSchema>;
export type CloseEpisodeInput = z.input<typeof closeInputSchema>;

/** One stored entry with its head columns. */
export interface EpisodeEntry {
  readonly id: string;
  readonly patientId: string;
  readonly at: number;
  readonly createdAt: number;
  readonly createdBy: string;
  readonly body: EntryBody;
}

export interface EpisodeStep {
  readonly at: number;
  readonly by: string;
  readonly step: StepId;
  readonly result: string;
  /** The causes as ranked once this result was known. */
  readonly ranking: Ranking;
}

export interface Episode {
  readonly id: string;
  readonly patientId: string;
  readonly symptom: EpisodeSymptom;
  readonly openedAt: number;
  readonly openedBy: string;
  /** The findings as they stand after the last step. */
  readonly findings: Findings;
  /** The causes as first ranked, from what was in hand at the opening. */
  readonly initialRanking: Ranking;
  /** The causes as ranked now. */
  readonly ranking: Ranking;
  readonly steps: readonly EpisodeStep[];
  readonly closed: {
    readonly at: number;
    readonly by: string;
    readonly cause: CauseId;
    readonly remedy: string;
    readonly outcome: (typeof EPISODE_OUTCOMES)[number];
    readonly note: string;
  } | null;
}

/** Ranks `fields` with the guide, the episode's symptom as the presentation; a bad field is a 400. */
export function rankFindings(
  symptom: EpisodeSymptom,
  fields: Readonly<Record<string, unknown>>,
): { findings: Findings; ranking: Ranking } {
  const parsed = findingsSchema.safeParse({ ...fields, presentations: [symptom] });
  if (!parsed.success) {
    throw new ItbError('ITB_E_INVALID_INPUT', `invalid findings:\n${z.prettifyError(parsed.error)}`, {
      issues: parsed.error.issues,
    });
  }
  const plan = troubleshoot(parsed.data);
  return {
    findings: parsed.data,
    ranking: plan.candidates.map((c) => ({ id: c.cause.id, score: c.score })),
  };
}

/**
 * Refuses a remedy that is not one of the confirmed cause's remedies for the drug in the pump (`drug`, the
 * episode's findings; causes.ts `remediesOf`) (ITB_E_TROUBLE_REMEDY_MISMATCH): the record must say a
 * treatment that answers the cause found, in the guide's words.
 */
export function checkRemedy(cause: CauseId, remedy: string, drug: DrugId | null): void {
  if (!remediesOf(CAUSES[cause], drug).includes(remedy)) {
    throw new ItbError(
      'ITB_E_TROUBLE_REMEDY_MISMATCH',
      `“${remedy}” is not a remedy for ${CAUSES[cause].title.toLowerCase()}; choose one of its listed remedies`,
    );
  }
}

const placeOf = (b: EntryBody): number => (b.kind === 'open' ? 0 : b.seq);

/** Folds a patient's entries into episodes (each in the order its path was taken), newest opening first. */
export function foldEpisodes(entries: readonly EpisodeEntry[]): Episode[] {
  const byId = new Map<string, Episode>();
  const ordered = [...entries].sort((a, b) => placeOf(a.body) - placeOf(b.body));
  for (const e of ordered) {
    const b = e.body;
    if (b.kind === 'open') {
      byId.set(e.id, {
        id: e.id,
        patientId: e.patientId,
        symptom: b.symptom,
        openedAt: e.at,
        openedBy: e.createdBy,
        findings: b.findings,
        initialRanking: b.ranking,
        ranking: b.ranking,
        steps: [],
        closed: null,
      });
      continue;
    }
    const ep = byId.get(b.episodeId);
    if (ep === undefined) {
      throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `troubleshooting entry ${e.id} names no episode`);
    }
    byId.set(
      ep.id,
      b.kind === 'step'
        ? {
            ...ep,
            findings: b.findings,
            ranking: b.ranking,
            steps: [
              ...ep.steps,
              { at: e.at, by: e.createdBy, step: b.step, result: b.result, ranking: b.ranking },
            ],
          }
        : {
            ...ep,
            closed: {
              at: e.at,
              by: e.createdBy,
              cause: b.cause,
              remedy: b.remedy,
              outcome: b.outcome,
              note: b.note,
            },
          },
    );
  }
  return [...byId.values()].sort((a, b) => b.openedAt - a.openedAt || (a.id < b.id ? 1 : -1));
}

/** Refuses a step or closing on a closed episode (ITB_E_TROUBLE_EPISODE_CLOSED). */
export function requireOpen(ep: Episode): void {
  if (ep.closed !== null) {
    throw new ItbError(
      'ITB_E_TROUBLE_EPISODE_CLOSED',
      `this troubleshooting episode was closed (${ep.closed.outcome}); open a new episode`,
    );
  }
}
