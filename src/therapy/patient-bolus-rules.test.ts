// Patient-controlled bolus rules (docs/clinical-reference.md §3: myPTM / Prometra PTC, lockout and daily
// maximum, never baclofen [C]; ranges our choice [U]; the drug library's maxima §2).
import { describe, expect, it } from 'vitest';
import { getDrug } from './drug-library.ts';
import {
  PATIENT_BOLUS_LIMITS,
  patientBolusReasons,
  type PatientBolusConfig,
  type PatientBolusContext,
} from './patient-bolus-rules.ts';
import type { Prescription } from './prescription.ts';
import { mcgPerDay, mcgPerMl, mcgToNg, millis, nanolitresPerDay } from './quantities.ts';
import { sourced } from './sourced.ts';

const MORPHINE = { drug: 'morphine' as const, concentration: mcgPerMl(10_000) };
const basal = (mcg: number): Prescription => ({
  mode: 'simple-continuous',
  drug: MORPHINE,
  dose: mcgPerDay(mcg),
});
const device = { name: 'SynchroMed-like', patientBolus: sourced(true, 'C', 'myPTM') };
const ctx = (o: Partial<PatientBolusContext> = {}): PatientBolusContext => ({
  device,
  drug: getDrug('morphine'),
  prescription: basal(5_000),
  minimumRateFlow: nanolitresPerDay(48_000),
  ...o,
});
const pcb = (o: Partial<PatientBolusConfig> = {}): PatientBolusConfig => ({
  amount: mcgToNg(200),
  duration: millis(10 * 60_000),
  lockout: millis(3 * 3_600_000),
  maxPerDay: 4,
  ...o,
});
const codes = (c: PatientBolusContext, p: PatientBolusConfig) => patientBolusReasons(c, p).map((r) => r.code);

describe('patient-controlled bolus rules', () => {
  it('accepts morphine on a device with PCB, within every limit', () => {
    expect(patientBolusReasons(ctx(), pcb())).toEqual([]);
  });

  it('refuses a device profile without PCB, naming its source (constant-flow pump: no electronics [C])', () => {
    const r = patientBolusReasons(
      ctx({ device: { name: 'gas pump', patientBolus: sourced(false, 'C', 'no electronics') } }),
      pcb(),
    );
    expect(r.map((x) => x.code)).toEqual(['ITB_R_PATIENT_BOLUS_DEVICE_FORBIDS']);
    expect(r[0]?.source).toBe('no electronics');
  });

  it('refuses baclofen, whose library entry forbids PCB [C: Prometra PTC labelling]', () => {
    const baclofen: Prescription = {
      mode: 'simple-continuous',
      drug: { drug: 'baclofen', concentration: mcgPerMl(2000) },
      dose: mcgPerDay(500),
    };
    const r = patientBolusReasons(
      ctx({ drug: getDrug('baclofen'), prescription: baclofen }),
      pcb({ amount: mcgToNg(20) }),
    );
    expect(r.map((x) => x.code)).toEqual(['ITB_R_PATIENT_BOLUS_DRUG_FORBIDS']);
    expect(r[0]?.source).toBe(getDrug('baclofen').patientBolusAllowed.source);
  });

  it('allows hydromorphone (the library allows PCB for the pain drugs [C])', () => {
    const p: Prescription = {
      mode: 'simple-continuous',
      drug: { drug: 'hydromorphone', concentration: mcgPerMl(10_000) },
      dose: mcgPerDay(2_000),
    };
    expect(
      codes(ctx({ drug: getDrug('hydromorphone'), prescription: p }), pcb({ amount: mcgToNg(100) })),
    ).toEqual([]);
  });

  it('refuses a dose per bolus above the drug library single-bolus maximum (morphine 1 mg [U])', () => {
    const r = patientBolusReasons(ctx(), pcb({ amount: mcgToNg(1_001) }));
    expect(r.map((x) => x.code)).toEqual(['ITB_R_PATIENT_BOLUS_DOSE_ABOVE_MAX']);
    expect(r[0]?.limit).toBe(getDrug('morphine').maxBolus.value);
  });

  it('refuses a worst-case day (largest basal day + max boluses x dose) above the absolute daily maximum', () => {
    // morphine: absolute 20 mg/day [U]; 18 mg basal + 3 × 1 mg = 21 mg.
    const r = patientBolusReasons(
      ctx({ prescription: basal(18_000) }),
      pcb({ amount: mcgToNg(1_000), maxPerDay: 3 }),
    );
    expect(r.map((x) => x.code)).toEqual(['ITB_R_PATIENT_BOLUS_DAY_ABOVE_MAX']);
    expect(r[0]?.value).toBe(mcgToNg(21_000));
    expect(r[0]?.limit).toBe(getDrug('morphine').hardDoseRange.value.max);
    // Exactly at the maximum is allowed: 17 mg + 3 × 1 mg = 20 mg.
    expect(
      codes(ctx({ prescription: basal(17_000) }), pcb({ amount: mcgToNg(1_000), maxPerDay: 3 })),
    ).toEqual([]);
  });

  it('counts the largest weekday of a flex programme in the worst-case day', () => {
    const flex: Prescription = {
      mode: 'flex',
      drug: MORPHINE,
      schedule: {
        everyDay: { steps: [{ startMinute: 0, dose: mcgPerDay(10_000) }], boluses: [] },
        byWeekday: { 3: { steps: [{ startMinute: 0, dose: mcgPerDay(19_000) }], boluses: [] } },
      },
    };
    expect(codes(ctx({ prescription: flex }), pcb({ amount: mcgToNg(1_000), maxPerDay: 2 }))).toEqual([
      'ITB_R_PATIENT_BOLUS_DAY_ABOVE_MAX',
    ]);
  });

  it('refuses settings outside the PCB ranges [U], each with the limit it broke', () => {
    const { lockout, maxPerDay, duration } = PATIENT_BOLUS_LIMITS.value;
    const cases: [Partial<PatientBolusConfig>, number][] = [
      [{ lockout: millis(lockout.min - 1) }, lockout.min],
      [{ lockout: millis(lockout.max + 1) }, lockout.max],
      [{ maxPerDay: 0 }, maxPerDay.min],
      [{ maxPerDay: maxPerDay.max + 1 }, maxPerDay.max],
      [{ maxPerDay: 1.5 }, maxPerDay.max],
      [{ duration: millis(duration.min - 1) }, duration.min],
      [{ duration: millis(duration.max + 1), lockout: millis(lockout.max) }, duration.max],
      [{ amount: mcgToNg(0) }, 0],
    ];
    for (const [o, limit] of cases) {
      const r = patientBolusReasons(ctx(), pcb(o));
      expect(
        r.map((x) => [x.code, x.limit]),
        JSON.stringify(o),
      ).toEqual([['ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE', limit]]);
    }
  });

  it('refuses a lockout shorter than the bolus itself', () => {
    const r = patientBolusReasons(
      ctx(),
      pcb({ lockout: millis(20 * 60_000), duration: millis(30 * 60_000) }),
    );
    expect(r.map((x) => [x.code, x.limit])).toEqual([
      ['ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE', 30 * 60_000],
    ]);
  });

  it('uses limits a clinic overrides (named data, not literals)', () => {
    const limits = sourced(
      { ...PATIENT_BOLUS_LIMITS.value, maxPerDay: { min: 1, max: 2 } },
      'U',
      'clinic policy',
    );
    expect(codes(ctx({ limits }), pcb({ maxPerDay: 3 }))).toEqual([
      'ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE',
    ]);
  });
});
