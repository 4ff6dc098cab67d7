/**
 * The symptom diary's storage: rows of `diary_entries` (migration 0003) with the event tables' columns,
 * append-only like them (a patient adds a correcting entry rather than editing history). Every add and
 * every list writes one audit entry in the same transaction, as for the other records. An entry with
 * withdrawal or overdose signs raises a clinic alert in that same transaction (diary-urgency.ts).
 */
import type { EpochMs } from '../therapy/quantities.ts';
import { diaryBodySchema, diaryInputSchema, type DiaryEntry, type DiaryEntryInput } from './diary-records.ts';
import type { EventTable } from './db-schema.ts';
import { insertAlert } from './alerts-audit-repo.ts';
import { alertInputSchema } from './clinical-records.ts';
import { diaryUrgency } from './diary-urgency.ts';
import { insertEvent, listEvents } from './event-rows.ts';
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
      const urgent = diaryUrgency(entry.symptoms);
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
