/**
 * Which diary entries must reach the clinic now (issue 12, item 6): a patient who ticks the signs of
 * withdrawal or overdose of the drug in their pump cannot wait for the next visit. Pure: the entry's ticked
 * symptoms and the patient's drug in, an alert (kind, severity, words, reasons) or null out. diary-repo.ts
 * raises it in the same transaction that stores the entry, so an urgent entry is never stored without its
 * alert.
 *
 * The signs are each drug's own (src/therapy/drug-diary.ts, docs/clinical-reference.md §2 "The diary per
 * drug"): baclofen's withdrawal is fever and confusion (advanced), returning spasms, itching, tingling and
 * sweating (early); an opioid's withdrawal is restlessness, a runny nose, goose bumps, cramps and returning
 * pain; ziconotide has no withdrawal and its confusion or hallucinations are the serious signs. Which
 * combinations count as urgent is a clinic decision made here [A]: any advanced sign alone is critical;
 * confusion with an overdose sign is critical; two early signs together are a warning.
 */
import type { DrugId } from '../therapy/drug.ts';
import { drugDiary } from '../therapy/drug-diary.ts';
import type { AlertInput } from './clinical-records.ts';
import type { DiarySymptom } from './diary-records.ts';

export type DiaryAlert = Pick<AlertInput, 'kind' | 'severity' | 'message' | 'reasons' | 'source'>;

const words = (s: readonly DiarySymptom[]) => s.map((x) => x.replaceAll('-', ' ')).join(', ');

/**
 * The alert an entry with these symptoms raises for a patient on `drug` (null: no drug on record, read as
 * baclofen's diary), or null. Confusion with overdose signs reads as overdose (an altered mental state from
 * too much drug), otherwise as withdrawal where the drug has one.
 */
export function diaryUrgency(symptoms: readonly DiarySymptom[], drug: DrugId | null): DiaryAlert | null {
  const diary = drugDiary(drug);
  const has = (list: readonly DiarySymptom[]) => symptoms.filter((s) => list.includes(s));
  const wAdv = has(diary.withdrawal?.advanced ?? []);
  const wEarly = has(diary.withdrawal?.early ?? []);
  const oAdv = has(diary.overdose.advanced);
  const oEarly = has(diary.overdose.early);
  const confused = symptoms.includes('confusion');
  const source = diary.source;
  if (oAdv.length > 0 || (oEarly.length > 0 && confused)) {
    const signs = [...new Set([...oAdv, ...oEarly, ...(confused ? (['confusion'] as const) : [])])];
    return {
      kind: 'overdose-risk',
      severity: 'critical',
      message: `The patient reported possible overdose signs in the diary (${words(signs)}): call the patient now; if breathing is slow or the patient is hard to wake, send them to emergency.`,
      reasons: [
        { code: 'ITB_R_DIARY_OVERDOSE_SIGNS', message: `reported: ${words(signs)}`, severity: 'block' },
      ],
      source,
    };
  }
  if (wAdv.length > 0 || wEarly.length >= 2) {
    const critical = wAdv.length > 0;
    const signs = [...wAdv, ...wEarly];
    return {
      kind: 'withdrawal-risk',
      severity: critical ? 'critical' : 'warning',
      message: `The patient reported ${critical ? '' : 'early '}withdrawal signs in the diary (${words(signs)}): call the patient ${critical ? 'now' : 'today'} and check the pump (reservoir, alarms, catheter).`,
      reasons: [
        {
          code: 'ITB_R_DIARY_WITHDRAWAL_SIGNS',
          message: `reported: ${words(signs)}`,
          severity: critical ? 'block' : 'warn',
        },
      ],
      source,
    };
  }
  if (oEarly.length >= 2) {
    return {
      kind: 'overdose-risk',
      severity: 'warning',
      message: `The patient reported possible overdose signs in the diary (${words(oEarly)}): call the patient today.`,
      reasons: [
        { code: 'ITB_R_DIARY_OVERDOSE_SIGNS', message: `reported: ${words(oEarly)}`, severity: 'warn' },
      ],
      source,
    };
  }
  return null;
}
