// Patient-activated bolus (myPTM / Prometra PTC, docs/clinical-reference.md §3): lockout, daily maximum, never baclofen [C].
import { describe, expect, it } from 'vitest';
import { mcgPerMl, mcgToNg, millis } from '../therapy/quantities.ts';
import type { step } from './controller.ts';
import type { PumpCommand } from './inputs.ts';
import type { PumpState } from './state.ts';
import { DAY, HOUR, T0, at, continuous, filledPump, newId, runUntil } from './test-fixtures.ts';

const MORPHINE = { drug: 'morphine' as const, concentration: mcgPerMl(10_000) };
const codes = (r: ReturnType<typeof step>) => r.outputs.result?.reasons.map((x) => x.code) ?? [];
const program = (
  s: PumpState,
  p = continuous(600),
  extra: Partial<Extract<PumpCommand, { kind: 'program' }>> = {},
) =>
  at(
    s,
    { kind: 'program', commandId: newId(), expectedVersion: s.version, prescription: p, ...extra },
    s.clock,
  );

describe('patient-activated bolus (myPTM / PTC: lockout and daily maximum; never baclofen [C])', () => {
  const pb = { amount: mcgToNg(100), duration: millis(10 * 60_000), lockout: millis(HOUR), maxPerDay: 3 };

  it('is refused for baclofen whose library entry forbids it', () => {
    const r = program(filledPump(), continuous(500), { patientBolus: pb });
    expect(codes(r)).toEqual(['ITB_R_PATIENT_BOLUS_DRUG_FORBIDS']);
  });

  it('is refused on a device without it (constant-flow)', () => {
    const s = filledPump({ profileId: 'constant-flow-20', prescription: continuous(5000, MORPHINE) });
    const r = program(s, continuous(5000, MORPHINE), { patientBolus: pb });
    expect(codes(r)).toContain('ITB_R_PATIENT_BOLUS_DEVICE_FORBIDS');
  });

  it('refuses a PCB lockout below the shared range (the pump applies the same rules as the plan)', () => {
    const s = filledPump({ prescription: continuous(5000, MORPHINE) });
    const r = program(s, continuous(5000, MORPHINE), {
      patientBolus: { ...pb, lockout: millis(12 * 60_000) },
    });
    expect(r.outputs.result?.ok).toBe(false);
    expect(codes(r)).toEqual(['ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE']);
    expect(r.state.patientBolus).toBeNull();
  });

  it('a stopped programme stored any PCB setting unchecked (finding: the pump returned before the PCB rules); stopping keeps a valid one', () => {
    const s = filledPump({ prescription: continuous(5000, MORPHINE) });
    const stopped = { mode: 'stopped' } as const;
    const bad = program(s, stopped, { patientBolus: { ...pb, lockout: millis(12 * 60_000) } });
    expect(bad.outputs.result?.ok).toBe(false);
    expect(codes(bad)).toEqual(['ITB_R_PATIENT_BOLUS_SETTING_OUT_OF_RANGE']);
    expect(bad.state.patientBolus).toBeNull();
    const withPcb = program(s, continuous(5000, MORPHINE), { patientBolus: pb }).state;
    const stop = program(withPcb, stopped);
    expect(stop.outputs.result?.ok).toBe(true);
    expect(stop.state.patientBolus).toEqual(pb);
  });

  it('honours lockout and the daily maximum for morphine', () => {
    let s = filledPump({ prescription: continuous(5000, MORPHINE) });
    s = program(s, continuous(5000, MORPHINE), { patientBolus: pb }).state;
    expect(s.patientBolus).toEqual(pb);
    const ask = (t: number) => at(runUntil(s, t).state, { kind: 'patient-bolus', commandId: newId() }, t);
    let r = ask(T0);
    expect(r.outputs.result?.ok).toBe(true);
    s = r.state;
    r = ask(T0 + 30 * 60_000);
    expect(codes(r)).toEqual(['ITB_R_PUMP_PATIENT_BOLUS_LOCKOUT']);
    for (const h of [1, 2]) s = ask(T0 + h * HOUR + 1).state;
    r = ask(T0 + 4 * HOUR);
    expect(codes(r)).toEqual(['ITB_R_PUMP_PATIENT_BOLUS_DAILY_MAX']);
    expect(ask(T0 + DAY + 1).outputs.result?.ok).toBe(true);
  });
});
