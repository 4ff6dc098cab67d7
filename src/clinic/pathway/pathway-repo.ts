/**
 * Storage of the care pathway's records (migration 0005_pathway_records): candidacy evaluations and
 * post-operative checks, append-only and audited like the other event tables (event-rows.ts), and the
 * trial checklist read inside the transaction that records or books a trial.
 */
import type { z } from 'zod';
import { ItbError } from '../../therapy/codes.ts';
import type { EpochMs } from '../../therapy/quantities.ts';
import { sql, type Kysely } from 'kysely';
import type { ClinicDatabase, EventTable } from '../db-schema.ts';
import type { Trial } from '../clinical-records.ts';
import { insertEvent, listEvents, trialFrom } from '../event-rows.ts';
import { requireImplant } from '../people-repo.ts';
import type { ActorContext } from '../records.ts';
import { parseInput, parseStored, type StoreCore, type Trx, type Tx } from '../store-core.ts';
import { insertAlert } from '../alerts-audit-repo.ts';
import { closeRemovedPumpAlerts } from '../alert-closing.ts';
import { closeRemovedPumpVisits } from '../appointments-repo.ts';
import { implantInUse } from '../implant-in-use.ts';
import { headPrescription } from '../prescription-chain.ts';
import { removalWithdrawalAlert } from './removal-withdrawal.ts';
import { clinicDayText } from '../time-zone.ts';
import { alertInputSchema } from '../clinical-records.ts';
import { postOpAlert } from './postop-alert.ts';
import {
  evaluationBodySchema,
  evaluationInputSchema,
  type Evaluation,
  type EvaluationInput,
} from './evaluation-records.ts';
import {
  postOpCheckBodySchema,
  postOpCheckInputSchema,
  type PostOpCheck,
  type PostOpCheckInput,
} from './postop-checks.ts';
import { explantBodySchema, explantInputSchema, type Explant, type ExplantInput } from './explant-records.ts';
import type { PathwayTableRecords } from './board-items.ts';
import { checkDecision, requireTrialDecision } from './stage.ts';

/** The pathway tables a board page reads, in the order its audit entry names their records. */
const PATHWAY_BOARD_TABLES = [
  'candidacy_evaluations',
  'screening_trials',
  'postop_checks',
  'explants',
] as const;

const meta = (r: EventTable) => ({ id: r.id, createdAt: r.created_at as EpochMs, createdBy: r.created_by });

export const evaluationFrom = (r: EventTable): Evaluation => ({
  ...parseStored(evaluationBodySchema, r.body, `evaluation ${r.id}`),
  patientId: r.patient_id,
  at: r.at,
  ...meta(r),
});

export const postOpCheckFrom = (r: EventTable): PostOpCheck => ({
  ...parseStored(postOpCheckBodySchema, r.body, `post-operative check ${r.id}`),
  patientId: r.patient_id,
  implantId: r.implant_id ?? '',
  at: r.at,
  ...meta(r),
});

export const explantFrom = (r: EventTable): Explant => ({
  ...parseStored(explantBodySchema, r.body, `explant ${r.id}`),
  patientId: r.patient_id,
  implantId: r.implant_id ?? '',
  at: r.at,
  ...meta(r),
});

/**
 * The pathway-table rows of the given patients (the board page shown), not audited: the board page reads
 * them in its own snapshot and names their ids in its one audit entry (board-read.ts `boardPage`).
 */
export async function readPathwayBoardRecords(
  db: Kysely<ClinicDatabase>,
  patientIds: readonly string[],
): Promise<{ records: PathwayTableRecords[]; ids: string[] }> {
  if (patientIds.length === 0) return { records: [], ids: [] };
  // ONE statement for the four tables (they share the event columns): each statement is a round trip to
  // the database inside the page's snapshot (issue 14: a PostgreSQL page was 19 round trips).
  const read = (table: (typeof PATHWAY_BOARD_TABLES)[number]) =>
    db
      .selectFrom(table)
      .select(['id', 'patient_id', 'implant_id', 'at', 'body', 'created_at', 'created_by'])
      .select(sql.lit(PATHWAY_BOARD_TABLES.indexOf(table)).as('kind'))
      .where('patient_id', 'in', [...patientIds]);
  const [first, ...rest] = PATHWAY_BOARD_TABLES;
  const rows = await rest
    .reduce((q, table) => q.unionAll(read(table)), read(first))
    .orderBy('kind')
    .orderBy('at')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const rowsOf = (table: (typeof PATHWAY_BOARD_TABLES)[number]): EventTable[] =>
    rows.filter((r) => Number(r.kind) === PATHWAY_BOARD_TABLES.indexOf(table));
  const evaluations = rowsOf('candidacy_evaluations');
  const trials = rowsOf('screening_trials');
  const checks = rowsOf('postop_checks');
  const explants = rowsOf('explants');
  const out = new Map<
    string,
    { evaluations: Evaluation[]; trials: Trial[]; checks: PostOpCheck[]; explants: Explant[] }
  >();
  const of = (id: string) => {
    let e = out.get(id);
    if (e === undefined) out.set(id, (e = { evaluations: [], trials: [], checks: [], explants: [] }));
    return e;
  };
  for (const r of evaluations) of(r.patient_id).evaluations.push(evaluationFrom(r));
  for (const r of trials) of(r.patient_id).trials.push(trialFrom(r));
  for (const r of checks) of(r.patient_id).checks.push(postOpCheckFrom(r));
  for (const r of explants) of(r.patient_id).explants.push(explantFrom(r));
  return {
    records: [...out].map(([patientId, e]) => ({ patientId, ...e })),
    ids: [...evaluations, ...trials, ...checks, ...explants].map((r) => r.id),
  };
}

/**
 * The one trial checklist: refuses (ITB_E_PATHWAY_NO_TEAM_DECISION) unless the patient's decision in force
 * is to proceed. Called in the transaction that records a trial or books a screening-trial appointment.
 */
export async function requireTeamDecisionIn(t: Tx, patientId: string): Promise<void> {
  const rows = await t.trx
    .selectFrom('candidacy_evaluations')
    .selectAll()
    .where('patient_id', '=', patientId)
    .execute();
  requireTrialDecision(rows.map(evaluationFrom));
}

/** The explant recorded for an implant (its id), or undefined while the pump is in place. */
export async function explantOf(trx: Trx, implantId: string): Promise<{ readonly id: string } | undefined> {
  return trx.selectFrom('explants').select('id').where('implant_id', '=', implantId).executeTakeFirst();
}

/**
 * Records that a pump was taken out, inside the caller's transaction `t`. Refused when it already was
 * (ITB_E_CLINIC_DUPLICATE), or when the replacement is not another implant of the same patient
 * (ITB_E_CLINIC_REFERENCE).
 */
export async function recordExplantIn(
  core: StoreCore,
  t: Tx,
  input: z.output<typeof explantInputSchema>,
  ctx: ActorContext,
): Promise<Explant> {
  const { patientId, implantId, at, ...body } = input;
  if ((await explantOf(t.trx, implantId)) !== undefined) {
    throw new ItbError('ITB_E_CLINIC_DUPLICATE', 'this pump is already recorded as explanted');
  }
  if (body.replacementImplantId !== null) {
    if (body.replacementImplantId === implantId) {
      throw new ItbError('ITB_E_CLINIC_REFERENCE', 'a pump cannot replace itself');
    }
    await requireImplant(t.trx, body.replacementImplantId, patientId);
  }
  const explant = await insertEvent(
    core,
    t,
    ctx,
    'explants',
    'explant',
    { patientId, implantId, at },
    body,
    explantFrom,
  );
  await closeRemovedPumpAlerts(
    t,
    ctx,
    { patientId, implantId },
    `the pump was ${body.replacementImplantId === null ? 'removed' : 'replaced'} on ${clinicDayText(at)}`,
    { entity: 'explant', id: explant.id, at },
  );
  const pumpLeft = await hasPumpInPlace(t.trx, patientId);
  await closeRemovedPumpVisits(t, ctx, {
    patientId,
    implantId,
    at,
    replaced: body.replacementImplantId !== null,
    pumpLeft,
  });
  const stopped = pumpLeft
    ? null
    : removalWithdrawalAlert({
        patientId,
        implantId,
        removedAt: at,
        prescription: (await headPrescription(t.trx, patientId))?.prescription ?? null,
      });
  if (stopped !== null) await insertAlert(core, t, ctx, parseInput(alertInputSchema, stopped, 'alert'));
  return explant;
}

/** Whether the patient has a pump in place by the one rule (implant-in-use.ts), read inside `trx`. */
async function hasPumpInPlace(trx: Trx, patientId: string): Promise<boolean> {
  const implants = await trx
    .selectFrom('implants')
    .select(['id', 'implant_date as implantDate', 'created_at as createdAt'])
    .where('patient_id', '=', patientId)
    .execute();
  const explants = await trx
    .selectFrom('explants')
    .select('implant_id as implantId')
    .where('patient_id', '=', patientId)
    .execute();
  return (
    implantInUse(
      implants,
      explants.flatMap((e) => (e.implantId === null ? [] : [{ implantId: e.implantId }])),
    ) !== undefined
  );
}

export class PathwayRepo {
  constructor(private readonly core: StoreCore) {}

  recordEvaluation(input: EvaluationInput, ctx: ActorContext): Promise<Evaluation> {
    const { patientId, at, ...body } = parseInput(evaluationInputSchema, input, 'candidacy evaluation');
    checkDecision(body.decision, body.contraindications);
    return this.core.tx(ctx, (t) =>
      insertEvent(
        this.core,
        t,
        ctx,
        'candidacy_evaluations',
        'evaluation',
        { patientId, implantId: null, at },
        body,
        evaluationFrom,
      ),
    );
  }

  listEvaluations(patientId: string, ctx: ActorContext): Promise<Evaluation[]> {
    return listEvents(this.core, 'candidacy_evaluations', 'evaluation', patientId, ctx, evaluationFrom);
  }

  recordPostOpCheck(input: PostOpCheckInput, ctx: ActorContext): Promise<PostOpCheck> {
    const { patientId, implantId, at, ...body } = parseInput(
      postOpCheckInputSchema,
      input,
      'post-operative check',
    );
    return this.core.tx(ctx, async (t) => {
      const check = await insertEvent(
        this.core,
        t,
        ctx,
        'postop_checks',
        'postop-check',
        { patientId, implantId, at },
        body,
        postOpCheckFrom,
      );
      // A concern reaches the clinicians' inboxes in the same transaction (postop-alert.ts).
      const concern = postOpAlert(check);
      if (concern !== null) {
        const alert = parseInput(alertInputSchema, { ...concern, patientId, implantId, since: at }, 'alert');
        await insertAlert(this.core, t, ctx, alert);
      }
      return check;
    });
  }

  /**
   * Records that a pump was taken out. Refused when it already was (ITB_E_CLINIC_DUPLICATE), or when the
   * replacement is not another implant of the same patient (ITB_E_CLINIC_REFERENCE).
   */
  recordExplant(input: ExplantInput, ctx: ActorContext): Promise<Explant> {
    const explant = parseInput(explantInputSchema, input, 'explant');
    return this.core.tx(ctx, (t) => recordExplantIn(this.core, t, explant, ctx));
  }

  listExplants(patientId: string, ctx: ActorContext): Promise<Explant[]> {
    return listEvents(this.core, 'explants', 'explant', patientId, ctx, explantFrom);
  }

  listPostOpChecks(patientId: string, ctx: ActorContext): Promise<PostOpCheck[]> {
    return listEvents(this.core, 'postop_checks', 'postop-check', patientId, ctx, postOpCheckFrom);
  }
}
