/**
 * The urgent-diary rule (diary-urgency.ts): advanced withdrawal signs and slow breathing are critical
 * alone; two early signs warn; symptoms that are neither raise nothing; ticking more never lowers the
 * alert (a property over every subset of the diary's symptoms).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIARY_SYMPTOMS, type DiarySymptom } from './diary-records.ts';
import { diaryUrgency } from './diary-urgency.ts';
import { drugDiary } from '../therapy/drug-diary.ts';
import { DRUG_IDS } from '../therapy/drug-library.ts';

const rank = (s: readonly DiarySymptom[]) => {
  const a = diaryUrgency(s, 'baclofen');
  return a === null ? 0 : a.severity === 'warning' ? 1 : 2;
};
const subset = fc.subarray([...DIARY_SYMPTOMS]);

describe('urgent diary entries', () => {
  it('a diary alert said "baclofen overdose signs" for a patient on any drug: its words name no drug', () => {
    fc.assert(
      fc.property(fc.subarray([...DIARY_SYMPTOMS]), (symptoms) => {
        const alert = diaryUrgency(symptoms, 'baclofen');
        if (alert !== null) expect(alert.message).not.toMatch(/baclofen/i);
      }),
    );
    expect(diaryUrgency(['slow-breathing'], 'baclofen')?.message).toContain('possible overdose signs');
  });

  it('fever or confusion alone is a critical withdrawal alert naming the sign', () => {
    for (const s of ['fever', 'confusion'] as const) {
      expect(diaryUrgency([s], 'baclofen')).toMatchObject({
        kind: 'withdrawal-risk',
        severity: 'critical',
        reasons: [{ code: 'ITB_R_DIARY_WITHDRAWAL_SIGNS', severity: 'block' }],
      });
      expect(diaryUrgency([s], 'baclofen')?.message).toContain(s);
    }
  });

  it('slow breathing, or confusion with drowsiness, is a critical overdose alert', () => {
    expect(diaryUrgency(['slow-breathing'], 'baclofen')).toMatchObject({
      kind: 'overdose-risk',
      severity: 'critical',
    });
    expect(diaryUrgency(['confusion', 'drowsiness'], 'baclofen')).toMatchObject({
      kind: 'overdose-risk',
      severity: 'critical',
    });
    expect(diaryUrgency(['slow-breathing'], 'baclofen')?.message).toContain('slow breathing');
  });

  it('two early signs warn; one does not; unrelated symptoms raise nothing', () => {
    expect(diaryUrgency(['itching', 'tingling'], 'baclofen')).toMatchObject({
      kind: 'withdrawal-risk',
      severity: 'warning',
    });
    expect(diaryUrgency(['drowsiness', 'dizziness'], 'baclofen')).toMatchObject({
      kind: 'overdose-risk',
      severity: 'warning',
    });
    expect(diaryUrgency(['itching'], 'baclofen')).toBeNull();
    expect(diaryUrgency(['nausea', 'headache', 'wound-redness'], 'baclofen')).toBeNull();
    expect(diaryUrgency([], 'baclofen')).toBeNull();
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

describe('each drug’s diary alerts on its own signs', () => {
  it('the diary’s urgency rules were baclofen’s for every drug: a morphine patient’s restlessness and goose bumps warn of opioid withdrawal, fever alone does not', () => {
    expect(diaryUrgency(['restlessness', 'goose-bumps'], 'morphine')).toMatchObject({
      kind: 'withdrawal-risk',
      severity: 'warning',
      reasons: [{ code: 'ITB_R_DIARY_WITHDRAWAL_SIGNS', message: 'reported: restlessness, goose bumps' }],
    });
    expect(diaryUrgency(['fever'], 'morphine')).toBeNull();
    expect(diaryUrgency(['slow-breathing'], 'hydromorphone')).toMatchObject({
      kind: 'overdose-risk',
      severity: 'critical',
    });
    expect(diaryUrgency(['restlessness', 'goose-bumps'], 'morphine')?.source).toContain('Infumorph');
  });

  it('ziconotide has no withdrawal: its confusion or hallucinations alone are a critical overdose alert, never a withdrawal one', () => {
    for (const s of ['confusion', 'hallucinations'] as const) {
      expect(diaryUrgency([s], 'ziconotide')).toMatchObject({ kind: 'overdose-risk', severity: 'critical' });
    }
    fc.assert(
      fc.property(fc.subarray([...drugDiary('ziconotide').symptoms]), (s) => {
        expect(diaryUrgency(s, 'ziconotide')?.kind).not.toBe('withdrawal-risk');
      }),
    );
  });

  it('for every drug, an alert names only signs its own diary offers, and ticking one more never lowers it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DRUG_IDS),
        fc.integer({ min: 0, max: 2 ** 20 }),
        fc.nat(),
        (drug, mask, pick) => {
          const offered = drugDiary(drug).symptoms;
          const s = offered.filter((_, i) => (mask >> i) % 2 === 1);
          const extra = offered[pick % offered.length]!;
          const alert = diaryUrgency(s, drug);
          const named = alert?.reasons?.[0]?.message.replace('reported: ', '').split(', ') ?? [];
          for (const n of named) expect(offered.map((x) => x.replaceAll('-', ' '))).toContain(n);
          const more = diaryUrgency(s.includes(extra) ? s : [...s, extra], drug);
          const r = (a: typeof alert) => (a === null ? 0 : a.severity === 'warning' ? 1 : 2);
          expect(r(more)).toBeGreaterThanOrEqual(r(alert));
        },
      ),
    );
  });
});
