/**
 * Which diary entries must reach the clinic now (issue 12, item 6): a patient who ticks the signs of
 * baclofen withdrawal or overdose cannot wait for the next visit. Pure: the entry's ticked symptoms in, an
 * alert (kind, severity, words, reasons) or null out. diary-repo.ts raises it in the same transaction that
 * stores the entry, so an urgent entry is never stored without its alert.
 *
 * The signs (docs/clinical-reference.md §2, withdrawal boxed warning and overdose): advanced withdrawal is
 * high fever and altered mental status (confusion); early withdrawal is the return of spasticity,
 * pruritus (itching) and paresthesia (tingling) [C: Lioresal Intrathecal PI, boxed warning and section 5.2;
 * Coffey et al., Arch Phys Med Rehabil 2002]. Overdose is drowsiness, dizziness and respiratory depression
 * (slow breathing) [C: Lioresal Intrathecal PI section 10]. Which combinations count as urgent is a
 * clinic decision made here [A]: any advanced sign alone is critical; two early signs together are a
 * warning.
 */
import type { AlertInput } from './clinical-records.ts';
import type { DiarySymptom } from './diary-records.ts';

/** Advanced withdrawal signs: each alone is a critical alert (the syndrome can kill within 24–72 h). */
const WITHDRAWAL_ADVANCED: readonly DiarySymptom[] = ['fever', 'confusion'];
/** Early withdrawal signs: two together are a warning. */
const WITHDRAWAL_EARLY: readonly DiarySymptom[] = ['itching', 'tingling', 'more-spasms', 'sweating'];
/** Respiratory depression: critical alone. */
const OVERDOSE_ADVANCED: readonly DiarySymptom[] = ['slow-breathing'];
/** Other overdose signs: two together (or with confusion) are a warning or, with confusion, critical. */
const OVERDOSE_EARLY: readonly DiarySymptom[] = ['drowsiness', 'dizziness', 'weakness'];

export type DiaryAlert = Pick<AlertInput, 'kind' | 'severity' | 'message' | 'reasons' | 'source'>;

const SOURCE =
  'Lioresal Intrathecal PI boxed warning, sections 5.2 and 10; Coffey et al., Arch Phys Med Rehabil 2002';

const words = (s: readonly DiarySymptom[]) => s.map((x) => x.replaceAll('-', ' ')).join(', ');

/**
 * The alert an entry with these symptoms raises, or null. Confusion with overdose signs reads as overdose
 * (an altered mental state from too much drug), otherwise as withdrawal.
 */
export function diaryUrgency(symptoms: readonly DiarySymptom[]): DiaryAlert | null {
  const has = (list: readonly DiarySymptom[]) => symptoms.filter((s) => list.includes(s));
  const wAdv = has(WITHDRAWAL_ADVANCED);
  const wEarly = has(WITHDRAWAL_EARLY);
  const oAdv = has(OVERDOSE_ADVANCED);
  const oEarly = has(OVERDOSE_EARLY);
  const overdose = oAdv.length > 0 || (oEarly.length > 0 && symptoms.includes('confusion'));
  if (overdose) {
    const signs = [...oAdv, ...oEarly, ...wAdv.filter((s) => s === 'confusion')];
    return {
      kind: 'overdose-risk',
      severity: 'critical',
      message: `The patient reported possible overdose signs in the diary (${words(signs)}): call the patient now; if breathing is slow or the patient is hard to wake, send them to emergency.`,
      reasons: [
        { code: 'ITB_R_DIARY_OVERDOSE_SIGNS', message: `reported: ${words(signs)}`, severity: 'block' },
      ],
      source: SOURCE,
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
      source: SOURCE,
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
      source: SOURCE,
    };
  }
  return null;
}
