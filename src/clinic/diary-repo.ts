/**
 * The symptom diary's storage: rows of `diary_entries` (migration 0003) with the event tables' columns,
 * append-only like them (a patient adds a correcting entry rather than editing history). Every add and
 * every list writes one audit entry in the same transaction, as for the other records. An entry must fit
 * the diary of the patient's drug (its score and symptoms, drug-diary.ts); one with that drug's withdrawal
 * or overdose signs raises a clinic alert in that same transaction (diary-urgency.ts).
 */
import type { EpochMs } from '../therapy/quantities.ts';
import { ItbError } from '../therapy/codes.ts';
import {
  diaryBodySchema,
  diaryDrugProblem,
  diaryInputSchema,
  type DiaryEntry,
  type DiaryEntryInput,
} from './diary-records.ts';
import type { EventTable } from './db-schema.ts';
import { insertAlert } from './alerts-audit-repo.ts';
import { alertInputSchema } from './clinical-records.ts';
import { checkClinicalDay } from './clinical-time.ts';
import { diaryUrgency } from './diary-urgency.ts';
import { insertEvent, listEvents } from './event-rows.ts';
import { patientDrugInTx } from './patient-drug-in-tx.ts';
import { requirePatient } from './people-repo.ts';
import type { ActorContext } from './records.ts';
import { parseInput, parseStored, type StoreCore } from './store-core.ts';

export const diaryFrom = (r: EventTable): DiaryEntry => ({
  ...parseStored(diaryBodySchema, r.body, `diary entry ${r.id}`),
  patientId: r.patient_id,
  at: r.at,
  id: r.id,
  createdAt: r.created_at as EpochMs,
  createdBy: r.created_by,
});

export class DiaryRepo {
  constructor(private readonly core: StoreCore) {}

  addDiaryEntry(input: DiaryEntryInput, ctx: ActorContext): Promise<DiaryEntry> {
    const { patientId, at, ...body } = parseInput(diaryInputSchema, input, 'diary entry');
    return this.core.tx(ctx, async (t) => {
      const patient = await requirePatient(t.trx, patientId);
      checkClinicalDay(body.date, t.now, { date: patient.birth_date, what: 'patient’s birth date' });
      // The entry must fit the diary of the patient's drug (drug-diary.ts): its score, its symptoms.
      const drug = await patientDrugInTx(t.trx, patientId);
      const problem = diaryDrugProblem(body, drug);
      if (problem !== null) throw new ItbError('ITB_E_INVALID_INPUT', `invalid diary entry: ${problem}`);
      const entry = await insertEvent(
        this.core,
        t,
        ctx,
        'diary_entries',
        'diary-entry',
        { patientId, implantId: null, at },
        body,
        diaryFrom,
      );
      // An urgent entry reaches the clinic in the same transaction (diary-urgency.ts).
      const urgent = diaryUrgency(entry.symptoms, drug);
      if (urgent !== null) {
        const alert = parseInput(alertInputSchema, { ...urgent, patientId, since: at }, 'alert');
        await insertAlert(this.core, t, ctx, alert);
      }
      return entry;
    });
  }

  listDiaryEntries(patientId: string, ctx: ActorContext): Promise<DiaryEntry[]> {
    return listEvents(this.core, 'diary_entries', 'diary-entry', patientId, ctx, diaryFrom);
  }
}
