/**
 * The flex-schedule editor's draft (web/src/flex-draft.ts): text typed by a clinician becomes the
 * prescription JSON through therapy's own parsers; a field that does not parse is named by its input id and
 * nothing half-parsed comes out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  prescriptionFromJson,
  prescriptionToJson,
  type PrescriptionJson,
} from '../../src/therapy/prescription-json.ts';
import { flexPrescriptionArb } from '../../src/therapy/prescription.arbitraries.ts';
import { draftFromPrescription, edit, fieldId, prescriptionFromDraft } from '../../web/src/flex-draft.ts';
import { ratePieces } from '../../web/src/schedule-rates.ts';

const drug = { drug: 'baclofen', concentrationMcgPerMl: 2000 } as const;

describe('flex draft ↔ prescription JSON', () => {
  it('a continuous dose becomes one step from 00:00 at that dose', () => {
    const d = draftFromPrescription({ mode: 'simple-continuous', ...drug, doseMcgPerDay: 400 });
    expect(d?.everyDay).toEqual({ steps: [{ start: '00:00', dose: '400 mcg/day' }], boluses: [] });
    const r = prescriptionFromDraft(d!);
    expect(r).toEqual({
      ok: true,
      prescription: {
        mode: 'flex',
        ...drug,
        everyDay: { steps: [{ startMinute: 0, doseMcgPerDay: 400 }], boluses: [] },
      },
    });
  });

  it('dose inputs are typed in mcg for a morphine patient (no longer: her steps and boluses are shown and read in mg)', () => {
    const morphine = { drug: 'morphine', concentrationMcgPerMl: 25_000 } as const;
    let d = draftFromPrescription({ mode: 'simple-continuous', ...morphine, doseMcgPerDay: 3000 })!;
    expect(d.everyDay.steps).toEqual([{ start: '00:00', dose: '3 mg/day' }]);
    d = edit.setDay(d, 'everyDay', {
      steps: [
        { start: '00:00', dose: '3' },
        { start: '08:00', dose: '3.3' },
      ],
      boluses: [{ start: '12:00', amount: '0.2', duration: '30' }],
    });
    expect(prescriptionFromDraft(d)).toEqual({
      ok: true,
      prescription: {
        mode: 'flex',
        ...morphine,
        everyDay: {
          steps: [
            { startMinute: 0, doseMcgPerDay: 3000 },
            { startMinute: 480, doseMcgPerDay: 3300 },
          ],
          boluses: [{ startMinute: 720, amountMcg: 200, durationMinutes: 30 }],
        },
      },
    });
  });

  it('reads steps, boluses and a weekday variant typed with units (mg and hours too)', () => {
    let d = draftFromPrescription({ mode: 'simple-continuous', ...drug, doseMcgPerDay: 400 })!;
    d = edit.setDay(d, 'everyDay', {
      steps: [
        { start: '00:00', dose: '400' },
        { start: '7:30', dose: '0.46 mg/day' },
      ],
      boluses: [{ start: '06:00', amount: '25 mcg', duration: '1 h' }],
    });
    d = edit.addVariant(d, 'saturday');
    d = edit.setDay(d, 'saturday', { steps: [{ start: '00:00', dose: '420 mcg/day' }], boluses: [] });
    const r = prescriptionFromDraft(d);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.prescription).toEqual({
      mode: 'flex',
      ...drug,
      everyDay: {
        steps: [
          { startMinute: 0, doseMcgPerDay: 400 },
          { startMinute: 450, doseMcgPerDay: 460 },
        ],
        boluses: [{ startMinute: 360, amountMcg: 25, durationMinutes: 60 }],
      },
      byWeekday: { saturday: { steps: [{ startMinute: 0, doseMcgPerDay: 420 }], boluses: [] } },
    });
    // What the draft produces is a prescription therapy accepts.
    expect(() => prescriptionFromJson(r.prescription)).not.toThrow();
  });

  it('names every field that does not parse, and returns no prescription', () => {
    const d = edit.setDay(
      draftFromPrescription({ mode: 'simple-continuous', ...drug, doseMcgPerDay: 400 })!,
      'everyDay',
      {
        steps: [
          { start: '00:00', dose: '400 mcg/mL' },
          { start: '25:00', dose: '450 mcg/day' },
        ],
        boluses: [{ start: '06:00', amount: '25 mL', duration: '0' }],
      },
    );
    const r = prescriptionFromDraft(d);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual([
      fieldId('everyDay', 'step', 0, 'dose'),
      fieldId('everyDay', 'step', 1, 'start'),
      fieldId('everyDay', 'bolus', 0, 'amount'),
      fieldId('everyDay', 'bolus', 0, 'duration'),
    ]);
    expect(r.errors[0]?.message).toMatch(/concentration.*dose rate/);
  });

  it('a stopped prescription has no draft (a restart is a new start dose)', () => {
    expect(draftFromPrescription({ mode: 'stopped' })).toBeNull();
  });

  it('any flex prescription with whole-minute bolus durations (what the editor types) survives draft → JSON', () => {
    fc.assert(
      fc.property(flexPrescriptionArb(), (p) => {
        const json = prescriptionToJson(p);
        if (json.mode !== 'flex') return;
        const days = [json.everyDay, ...Object.values(json.byWeekday ?? {})];
        fc.pre(
          days.every((d) => d !== undefined && d.boluses.every((b) => Number.isInteger(b.durationMinutes))),
        );
        const r = prescriptionFromDraft(draftFromPrescription(json)!);
        expect(r).toEqual({ ok: true, prescription: json });
      }),
    );
  });
});

describe('the schedule picture’s rates', () => {
  it('adds a periodic bolus spread over its duration to the basal rate', () => {
    const day: Extract<PrescriptionJson, { mode: 'flex' }>['everyDay'] = {
      steps: [
        { startMinute: 0, doseMcgPerDay: 400 },
        { startMinute: 480, doseMcgPerDay: 500 },
      ],
      boluses: [{ startMinute: 360, amountMcg: 25, durationMinutes: 60 }],
    };
    expect(ratePieces(day)).toEqual([
      { from: 0, to: 360, mcgPerDay: 400 },
      { from: 360, to: 420, mcgPerDay: 400 + 25 * 24 },
      { from: 420, to: 480, mcgPerDay: 400 },
      { from: 480, to: 1440, mcgPerDay: 500 },
    ]);
  });
});
