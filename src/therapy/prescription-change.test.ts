import { describe, expect, it } from 'vitest';
import { checkPrescriptionStep, reviewPrescriptionChange } from './prescription-change.ts';
import { prescriptionFromJson } from './prescription-json.ts';
import type { Prescription } from './prescription.ts';
import { mcgPerDay } from './quantities.ts';

const drug = { drug: 'baclofen', concentrationMcgPerMl: 2000 } as const;
const simple = (mcg: number): Prescription =>
  prescriptionFromJson({ mode: 'simple-continuous', ...drug, doseMcgPerDay: mcg });
const flex = (everyDay: unknown, byWeekday?: unknown): Prescription =>
  prescriptionFromJson({
    mode: 'flex',
    ...drug,
    everyDay,
    ...(byWeekday === undefined ? {} : { byWeekday }),
  });
const base = { origin: 'spinal', phase: 'titration', hoursSinceLastChange: 48 } as const;

describe('a prescription change checked as a titration step (docs/clinical-reference.md §1.4; spinal titration +10–30 % [C])', () => {
  it('a flex schedule is judged by its daily total: 400 → 0–8 h 400, 8–24 h 460 = 440 mcg/day (+10 %) is ok', () => {
    const after = flex({
      steps: [
        { startMinute: 0, doseMcgPerDay: 400 },
        { startMinute: 480, doseMcgPerDay: 460 },
      ],
    });
    const s = checkPrescriptionStep({ ...base, before: simple(400), after });
    expect(s.verdict).toBe('ok');
    expect(s.view.changePercent).toBe(10);
    expect(s.worstDay).toBeNull();
    expect(s.days).toEqual([{ weekday: null, before: mcgPerDay(400), after: mcgPerDay(440) }]);
  });

  it('periodic boluses count in the daily dose: +60 mcg bolus on 400 is +15 %', () => {
    const after = flex({
      steps: [{ startMinute: 0, doseMcgPerDay: 400 }],
      boluses: [{ startMinute: 420, amountMcg: 60, durationMinutes: 30 }],
    });
    expect(checkPrescriptionStep({ ...base, before: simple(400), after }).view.changePercent).toBe(15);
  });

  it('a weekday variant is checked day by day and the worst day answers (Saturday +50 % warns)', () => {
    const every = { steps: [{ startMinute: 0, doseMcgPerDay: 400 }] };
    const after = flex(every, { saturday: { steps: [{ startMinute: 0, doseMcgPerDay: 600 }] } });
    const s = checkPrescriptionStep({ ...base, before: simple(400), after });
    expect(s.worstDay).toBe(6);
    expect(s.verdict).toBe('warn');
    expect(s.view.changePercent).toBe(50);
    expect(s.days).toHaveLength(7);
    expect(s.days.filter((d) => d.after !== d.before).map((d) => d.weekday)).toEqual([6]);
  });

  it('a step of +61 % on any day blocks (2× the labelled maximum [A])', () => {
    const after = flex(
      { steps: [{ startMinute: 0, doseMcgPerDay: 400 }] },
      { monday: { steps: [{ startMinute: 0, doseMcgPerDay: 644 }] } },
    );
    expect(checkPrescriptionStep({ ...base, before: simple(400), after }).verdict).toBe('block');
  });
});

describe('reviewPrescriptionChange: the proposal’s own rules and the step, one verdict', () => {
  it('a flex day that does not start at 00:00 is reported as a blocking reason, not thrown', () => {
    const after = flex({ steps: [{ startMinute: 60, doseMcgPerDay: 400 }] });
    const r = reviewPrescriptionChange({ ...base, before: simple(400), after });
    expect(r.guardrail.verdict).toBe('block');
    expect(r.step).toBeNull();
    expect(r.validation.reasons.some((x) => x.severity === 'block')).toBe(true);
  });

  it('an ok step with a valid schedule is ok overall and carries both reason lists', () => {
    const after = flex({
      steps: [
        { startMinute: 0, doseMcgPerDay: 400 },
        { startMinute: 1200, doseMcgPerDay: 520 },
      ],
    });
    const r = reviewPrescriptionChange({ ...base, before: simple(400), after });
    expect(r.step?.view.changePercent).toBe(5);
    expect(r.guardrail.verdict).toBe(
      r.step?.verdict === 'ok' && r.validation.verdict === 'ok' ? 'ok' : 'warn',
    );
    expect(r.guardrail.reasons).toEqual([...(r.step?.reasons ?? []), ...r.validation.reasons]);
  });

  it('a daily total above the hard maximum (2200 > 2003 mcg/day [C: label extremes]) blocks although the step (+22 %) is within range', () => {
    const after = flex({
      steps: [
        { startMinute: 0, doseMcgPerDay: 400 },
        { startMinute: 720, doseMcgPerDay: 4000 },
      ],
    });
    const r = reviewPrescriptionChange({ ...base, before: simple(1800), after, phase: 'maintenance' });
    expect(r.step?.view.changePercent).toBe(22.22);
    expect(r.guardrail.verdict).toBe('block');
  });
});

describe('the usual range judged once, by the change’s direction (docs/clinical-reference.md §1.4 usual ranges)', () => {
  const review = (from: number, to: number) =>
    reviewPrescriptionChange({ ...base, ageYears: 40, before: simple(from), after: simple(to) });
  const said = (r: ReturnType<typeof review>) =>
    r.guardrail.reasons.filter((x) => x.code.endsWith('_USUAL_RANGE')).map((x) => x.severity);

  it('an increase still below the usual range (150 → 165 mcg/day) read "OK … moves toward it" and "Warning … below the usual range" together, and the warning won: one reason, noted, and the step ok', () => {
    const r = review(150, 165);
    expect(said(r)).toEqual(['ok']);
    expect(r.guardrail.verdict).toBe('ok');
    // Coming down from above the range (900 → 850) is noted the same way.
    expect(said(review(900, 850))).toEqual(['ok']);
  });

  it('a decrease below the usual range (320 → 290 mcg/day) or an increase above it (780 → 850) still warns, once', () => {
    for (const [from, to] of [
      [320, 290],
      [780, 850],
    ] as const) {
      const r = review(from, to);
      expect(said(r)).toEqual(['warn']);
      expect(r.guardrail.verdict).toBe('warn');
    }
  });
});
