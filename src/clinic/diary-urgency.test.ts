/**
 * The urgent-diary rule (diary-urgency.ts): advanced withdrawal signs and slow breathing are critical
 * alone; two early signs warn; symptoms that are neither raise nothing; ticking more never lowers the
 * alert (a property over every subset of the diary's symptoms).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIARY_SYMPTOMS, type DiarySymptom } from './diary-records.ts';
import { diaryUrgency } from './diary-urgency.ts';

const rank = (s: readonly DiarySymptom[]) => {
  const a = diaryUrgency(s);
  return a === null ? 0 : a.severity === 'warning' ? 1 : 2;
};
const subset = fc.subarray([...DIARY_SYMPTOMS]);

describe('urgent diary entries', () => {
  it('a diary alert said "baclofen overdose signs" for a patient on any drug: its words name no drug', () => {
    fc.assert(
      fc.property(fc.subarray([...DIARY_SYMPTOMS]), (symptoms) => {
        const alert = diaryUrgency(symptoms);
        if (alert !== null) expect(alert.message).not.toMatch(/baclofen/i);
      }),
    );
    expect(diaryUrgency(['slow-breathing'])?.message).toContain('possible overdose signs');
  });

  it('fever or confusion alone is a critical withdrawal alert naming the sign', () => {
    for (const s of ['fever', 'confusion'] as const) {
      expect(diaryUrgency([s])).toMatchObject({
        kind: 'withdrawal-risk',
        severity: 'critical',
        reasons: [{ code: 'ITB_R_DIARY_WITHDRAWAL_SIGNS', severity: 'block' }],
      });
      expect(diaryUrgency([s])?.message).toContain(s);
    }
  });

  it('slow breathing, or confusion with drowsiness, is a critical overdose alert', () => {
    expect(diaryUrgency(['slow-breathing'])).toMatchObject({ kind: 'overdose-risk', severity: 'critical' });
    expect(diaryUrgency(['confusion', 'drowsiness'])).toMatchObject({
      kind: 'overdose-risk',
      severity: 'critical',
    });
    expect(diaryUrgency(['slow-breathing'])?.message).toContain('slow breathing');
  });

  it('two early signs warn; one does not; unrelated symptoms raise nothing', () => {
    expect(diaryUrgency(['itching', 'tingling'])).toMatchObject({
      kind: 'withdrawal-risk',
      severity: 'warning',
    });
    expect(diaryUrgency(['drowsiness', 'dizziness'])).toMatchObject({
      kind: 'overdose-risk',
      severity: 'warning',
    });
    expect(diaryUrgency(['itching'])).toBeNull();
    expect(diaryUrgency(['nausea', 'headache', 'wound-redness'])).toBeNull();
    expect(diaryUrgency([])).toBeNull();
  });

  it('ticking one more symptom never lowers the alert', () => {
    fc.assert(
      fc.property(subset, fc.constantFrom(...DIARY_SYMPTOMS), (s, extra) => {
        const more = s.includes(extra) ? s : [...s, extra];
        expect(rank(more)).toBeGreaterThanOrEqual(rank(s));
      }),
    );
  });

  it('every entry with fever, confusion or slow breathing is critical', () => {
    fc.assert(
      fc.property(subset, fc.constantFrom('fever', 'confusion', 'slow-breathing'), (s, sign) => {
        expect(rank(s.includes(sign) ? s : [...s, sign])).toBe(2);
      }),
    );
  });
});
