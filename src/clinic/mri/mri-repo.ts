/**
 * Storage of MRI scans (migration 0010_mri_preparation): plan, acceptance, ready and done are append-only
 * entries, each audited in the transaction that writes it (event-rows.ts). A step reads the scan inside its
 * own transaction, so the rule it passes (mri-rule.ts) sees what is recorded. Recording the scan done raises,
 * in the same transaction, the "pump not interrogated since" alert (hazard H44) unless the pump was already
 * interrogated after the scan; an interrogation recorded later closes it (alert-closing.ts).
 */
import { getProfile } from '../../pump/profiles.ts';
import { ItbError } from '../../therapy/codes.ts';
import { actionsOfSession } from '../alert-closing.ts';
import { insertAlert } from '../alerts-audit-repo.ts';
import { alertInputSchema } from '../clinical-records.ts';
import type { EventTable } from '../db-schema.ts';
import { foldedRecordIn, insertEvent, listEvents, sessionFrom } from '../event-rows.ts';
import { explantOf } from '../pathway/pathway-repo.ts';
import { requireImplant } from '../people-repo.ts';
import { drugInReservoir } from '../reservoir-drug.ts';
import type { ActorContext } from '../records.ts';
import { parseInput, parseStored, type StoreCore, type Tx } from '../store-core.ts';
import { clinicDayText } from '../time-zone.ts';
import {
  acceptanceInputSchema,
  doneInputSchema,
  entryBodySchema,
  foldScans,
  planInputSchema,
  readyInputSchema,
  requireNotDone,
  type MriAcceptanceInput,
  type MriDoneInput,
  type MriEntry,
  type MriReadyInput,
  type MriScan,
  type PlanMriInput,
} from './mri-records.ts';
import { mriFollowUpAlert, readiness, requireEmptyingRule } from './mri-rule.ts';

const TABLE = 'mri_entries';
const ENTITY = 'mri-entry';

const entryFrom = (r: EventTable): MriEntry => ({
  id: r.id,
  patientId: r.patient_id,
  implantId: r.implant_id,
  at: r.at,
  createdBy: r.created_by,
  body: parseStored(entryBodySchema, r.body, `MRI entry ${r.id}`),
});

const scanIn = (t: Tx, patientId: string, mriId: string): Promise<MriScan> =>
  foldedRecordIn(
    t,
    { table: TABLE, from: entryFrom, fold: foldScans },
    patientId,
    mriId,
    'no such MRI for this patient',
  );

/** Whether a session recorded at or after `at` interrogated the implant's pump. */
async function interrogatedSince(t: Tx, implantId: string, at: number): Promise<boolean> {
  const rows = await t.trx
    .selectFrom('programming_sessions')
    .selectAll()
    .where('implant_id', '=', implantId)
    .where('at', '>=', at)
    .execute();
  return rows.some((r) =>
    actionsOfSession(sessionFrom(r).interrogation).some((a) => a.cause === 'mri-not-interrogated'),
  );
}

export class MriRepo {
  constructor(private readonly core: StoreCore) {}

  async #append(t: Tx, ctx: ActorContext, scan: MriScan, at: number, body: object): Promise<MriScan> {
    await insertEvent(
      this.core,
      t,
      ctx,
      TABLE,
      ENTITY,
      { patientId: scan.patientId, implantId: scan.implantId, at },
      body,
      entryFrom,
    );
    return scanIn(t, scan.patientId, scan.id);
  }

  /** Plans a scan for an implant; the implant's pump profile decides what the preparation asks. */
  planMri(input: PlanMriInput, ctx: ActorContext): Promise<MriScan> {
    const { patientId, implantId, at, plannedFor, note } = parseInput(planInputSchema, input, 'MRI plan');
    return this.core.tx(ctx, async (t) => {
      const implant = await requireImplant(t.trx, implantId, patientId);
      if ((await explantOf(t.trx, implantId)) !== undefined) {
        throw new ItbError(
          'ITB_E_CLINIC_REFERENCE',
          `pump ${implant.pump_serial} is recorded as explanted: plan the MRI for the pump in place`,
          { implantId },
        );
      }
      const entry = await insertEvent(
        this.core,
        t,
        ctx,
        TABLE,
        ENTITY,
        { patientId, implantId, at },
        { kind: 'plan', deviceProfileId: implant.device_profile_id, plannedFor, note },
        entryFrom,
      );
      return scanIn(t, patientId, entry.id);
    });
  }

  /** A physician's acceptance of scanning a valve pump with drug in its reservoir (the route is physicians'). */
  acceptMriBolus(input: MriAcceptanceInput, ctx: ActorContext): Promise<MriScan> {
    const { patientId, mriId, at, justification } = parseInput(
      acceptanceInputSchema,
      input,
      'MRI acceptance',
    );
    return this.core.tx(ctx, async (t) => {
      const scan = await scanIn(t, patientId, mriId);
      requireNotDone(scan, 'an acceptance');
      requireEmptyingRule(getProfile(scan.deviceProfileId), 'an acceptance of drug in the reservoir');
      return this.#append(t, ctx, scan, at, { kind: 'acceptance', mriId, justification });
    });
  }

  /**
   * Marks the scan ready (hazard H43): a valve pump's reservoir emptied, or a physician's acceptance on
   * record; otherwise ITB_E_MRI_RESERVOIR_NOT_EMPTIED and nothing is written.
   */
  markMriReady(input: MriReadyInput, ctx: ActorContext): Promise<MriScan> {
    const { patientId, mriId, at, emptying } = parseInput(readyInputSchema, input, 'MRI readiness');
    return this.core.tx(ctx, async (t) => {
      const scan = await scanIn(t, patientId, mriId);
      requireNotDone(scan, 'readiness');
      const ready = readiness(
        getProfile(scan.deviceProfileId),
        emptying,
        scan.acceptance !== null,
        await drugInReservoir(t.trx, scan.patientId, scan.implantId),
      );
      return this.#append(t, ctx, scan, at, { kind: 'ready', mriId, ...ready });
    });
  }

  /**
   * Records the scan done at `at` (hazard H44): raises the "pump not interrogated since" alert in the same
   * transaction, unless the pump needs no interrogation or one after the scan is already recorded.
   */
  recordMriDone(input: MriDoneInput, ctx: ActorContext): Promise<MriScan> {
    const { patientId, mriId, at } = parseInput(doneInputSchema, input, 'MRI done');
    return this.core.tx(ctx, async (t) => {
      const scan = await scanIn(t, patientId, mriId);
      requireNotDone(scan, 'the scan');
      const done = await this.#append(t, ctx, scan, at, { kind: 'done', mriId });
      const alert = mriFollowUpAlert(getProfile(scan.deviceProfileId), clinicDayText(at));
      if (alert !== null && !(await interrogatedSince(t, scan.implantId, at))) {
        const raised = parseInput(
          alertInputSchema,
          {
            ...alert,
            patientId,
            implantId: scan.implantId,
            since: at,
            cause: { kind: 'mri-not-interrogated' },
          },
          'alert',
        );
        await insertAlert(this.core, t, ctx, raised);
      }
      return done;
    });
  }

  /** A patient's MRI scans, newest plan first (one audited `list`). */
  async listMris(patientId: string, ctx: ActorContext): Promise<MriScan[]> {
    return foldScans(await listEvents(this.core, TABLE, ENTITY, patientId, ctx, entryFrom));
  }
}
