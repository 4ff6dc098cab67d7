import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deviceReasons } from '../pump/device-labelling.ts';
import { PROFILES } from '../pump/profiles.ts';
import {
  UNIT_SLIP_FACTOR,
  detectConcentrationSlip,
  detectDoseSlip,
  doseRangeReasons,
} from '../therapy/dose-check.ts';
import { DRUG_IDS, getDrug, isConcentrationAllowed } from '../therapy/drug-library.ts';
import { drawClinicFaults, replayPatient } from './campaign/patient.ts';
import { CONTROL_NAMES, parseControlArms, type ControlName } from './controls.ts';
import { runScenario, type RunResult } from './runner.ts';
import { parseScenario, type ScenarioInput } from './scenario.ts';

const base: ScenarioInput = {
  name: 'controls',
  days: 130,
  sampleHours: 6,
  startDoseMcgPerDay: 400,
  patient: { onTherapyDays: 180 },
  alarmResponseHours: 48,
};
const run = (extra: Partial<ScenarioInput>, off: ControlName[] = []): RunResult =>
  runScenario(parseScenario({ ...base, ...extra }), { controlsOff: new Set(off) });
const has = (r: RunResult, kind: string, text = ''): boolean =>
  r.events.some((e) => e.kind === kind && e.detail.includes(text));
const alarmed = (r: RunResult, alarm: string): boolean => (r.summary?.alarmsRaised[alarm as never] ?? 0) > 0;

describe('each safety control, switched off, is gone from the path the run takes', () => {
  const missed = { faults: [{ kind: 'missed-refill' as const, refill: 1 }] };

  it('refill-board: a missed refill is recalled from the overdue board before the pump runs empty; without it the reservoir empties', () => {
    const on = run(missed);
    expect(has(on, 'response', 'overdue board')).toBe(true);
    expect(alarmed(on, 'empty-reservoir')).toBe(false);
    expect(on.summary?.faults[0]).toMatchObject({ detectedBy: 'overdue-board', detectionDelayHours: 0 });
    const off = run(missed, ['refill-board']);
    expect(has(off, 'response', 'overdue board')).toBe(false);
    expect(off.summary?.faults[0]?.detectedBy).not.toBe('overdue-board');
    expect(alarmed(off, 'empty-reservoir')).toBe(true);
  });

  it('refill-board: a refill late past its refill-by date is recalled from the overdue board; without it the low alarm sounds first', () => {
    const late = { faults: [{ kind: 'late-refill' as const, refill: 1, lateDays: 20 }] };
    expect(alarmed(run(late), 'low-reservoir')).toBe(false);
    expect(alarmed(run(late, ['refill-board']), 'low-reservoir')).toBe(true);
  });

  it('restart-guidance: after the empty reservoir the drug restarts lower; without it the prior rate resumes', () => {
    const on = run(missed, ['refill-board']);
    expect(has(on, 'program', 'restart lower')).toBe(true);
    const off = run(missed, ['refill-board', 'restart-guidance']);
    expect(has(off, 'program', 'restart lower')).toBe(false);
    expect(off.summary?.finalDoseMcgPerDay).toBeGreaterThan(on.summary?.finalDoseMcgPerDay ?? Infinity);
  });

  it('alarm-handling: the empty-reservoir alarm brings the patient in; without it nobody comes', () => {
    expect(has(run(missed, ['refill-board']), 'response', 'empty-reservoir')).toBe(true);
    const off = run(missed, ['refill-board', 'alarm-handling']);
    expect(has(off, 'response')).toBe(false);
    expect(has(off, 'refill')).toBe(false);
  });

  it('bridge: a change to a weaker strength is bridged; without it the strong fluid in the catheter overdoses', () => {
    const weaker = {
      days: 60,
      sampleHours: 1,
      startDoseMcgPerDay: 800,
      drug: { concentrationMcgPerMl: 2000 },
      faults: [{ kind: 'strength-change' as const, refill: 1, toMcgPerMl: 500 }],
    };
    const on = run(weaker);
    expect(has(on, 'program', 'bridge after 2,000 mcg/mL → 500 mcg/mL')).toBe(true);
    expect(on.summary?.harm.overdose.drowsy).toBe(0);
    const off = run(weaker, ['bridge']);
    expect(has(off, 'program', 'no bridge after 2,000 mcg/mL → 500 mcg/mL')).toBe(true);
    expect(off.summary?.harm.overdose.drowsy).toBeGreaterThan(0);
  });

  const occluded = {
    days: 200,
    faults: [{ kind: 'catheter' as const, atDays: 20, state: { kind: 'occluded' as const } }],
  };
  it('reconciliation and troubleshooting: an occlusion shows as a discrepancy and leads to a revision; each off removes its step', () => {
    const on = run(occluded);
    expect(has(on, 'discrepancy')).toBe(true);
    expect(has(on, 'catheter-revision')).toBe(true);
    const noRecon = run(occluded, ['reconciliation']);
    expect(has(noRecon, 'discrepancy')).toBe(false);
    expect(has(noRecon, 'catheter-revision')).toBe(false);
    const noGuide = run(occluded, ['troubleshooting']);
    expect(has(noGuide, 'discrepancy')).toBe(true);
    expect(has(noGuide, 'catheter-revision')).toBe(false);
  });

  // Finding (campaign seed 1, 10,000 patient-years): respiratory depression and coma followed catheter
  // revisions — the blocked catheter was an interruption, but the new one ran the full (often raised) rate.
  it('overdose after a catheter revision: the new catheter restarts lower after an occlusion; without restart guidance the full rate resumes into a patient who lost tolerance', () => {
    const scenario = {
      ...occluded,
      days: 120,
      titration: { phase: 'maintenance' as const },
      patient: { onTherapyDays: 365 },
    };
    const on = run(scenario);
    const revision = on.events.find((e) => e.kind === 'catheter-revision');
    expect(revision).toBeDefined();
    expect(has(on, 'program', 'restart lower')).toBe(true);
    expect(on.events.find((e) => e.detail.includes('restart lower'))?.day).toBe(revision?.day);
    const off = run(scenario, ['restart-guidance']);
    expect(has(off, 'program', 'restart lower')).toBe(false);
    const overdose = (r: RunResult) => r.summary?.harm.overdose.drowsy ?? 0;
    expect(overdose(off)).toBeGreaterThan(overdose(on));
  });

  const slip = (factor: number) => ({
    days: 20,
    startDoseMcgPerDay: 150,
    faults: [{ kind: 'programming-slip' as const, atDays: 10, factor }],
  });
  it('titration-guardrails: a ×10 slip under the pump’s hard limit is refused; without the guardrail it runs', () => {
    expect(has(run(slip(10)), 'program-refused', 'refused by the programmer')).toBe(true);
    const off = run(slip(10), ['titration-guardrails']);
    expect(has(off, 'program', '150 → 1500')).toBe(true);
    expect(off.summary?.maxOverdoseStage).not.toBe('none');
  });

  it('unit-slip: a mg typed as µg (×1000) is refused as a likely unit slip; without it the next layer refuses it', () => {
    const on = run(slip(1000), ['titration-guardrails']);
    const refusal = on.events.find((e) => e.kind === 'program-refused');
    expect(refusal?.reasons?.map((r) => r.code)).toContain('ITB_R_LIKELY_UNIT_SLIP');
    const off = run(slip(1000), ['titration-guardrails', 'unit-slip']);
    const pump = off.events.find((e) => e.kind === 'program-refused');
    expect(pump?.detail).toContain('refused by the pump');
  });

  // Finding (issue 15): the unit-slip control showed no harm in any campaign. With every switchable control
  // off, a ×1000 slip still never runs: its flow is beyond the pump's mechanical range.
  it('unit-slip: with every switchable control off, the pump’s flow range still refuses a ×1000 slip', () => {
    const off = run(slip(1000), CONTROL_NAMES);
    const refusal = off.events.find((e) => e.kind === 'program-refused');
    expect(refusal?.detail).toContain('150000 µg/day refused by the pump');
    expect(refusal?.reasons?.map((r) => r.code)).toContain('ITB_R_PUMP_RATE_ABOVE_MAX');
    expect(off.summary?.maxOverdoseStage).toBe('none');
  });

  // Finding (issue 15, run A): the unit-slip arm equalled the all-on arm figure for figure. The ×1000 slips
  // are drawn (39 in the 2,066 patients of seed 1), and the arm takes the programmer's slip check out of the
  // path — but each slip is still refused before it runs: by the titration guardrail (a step far above the
  // label's), then by the pump's hard range (which words a dose 1000× off as a likely unit slip), then by the
  // pump's flow range. So nothing downstream of the refusal differs between the arms.
  it('unit-slip arm equals all on (run A): its ×1000 slips are drawn, and with the check off the titration guardrail, the pump’s hard range and its flow range each still refuse them (seed 1, patient 74)', () => {
    const drawn = Array.from({ length: 200 }, (_, i) =>
      drawClinicFaults(1, i, 5 * 365.25, 1).filter((f) => f.kind === 'programming-slip' && f.factor === 1000),
    ).flat();
    expect(drawn.length).toBeGreaterThan(0);
    const slipRefusal = (off: ControlName[]) => {
      const r = replayPatient({ seed: 1, years: 5, stress: 1 }, 74, off);
      const refused = r.events.find(
        (e) => e.kind === 'program-refused' && e.detail.startsWith('programming slip'),
      );
      const blocks = (refused?.reasons ?? []).filter((x) => x.severity === 'block').map((x) => x.code);
      return { r, detail: refused?.detail, blocks };
    };
    const on = slipRefusal([]);
    expect(on.detail).toContain('250000 µg/day refused by the programmer');
    expect(on.blocks).toEqual(['ITB_R_LIKELY_UNIT_SLIP']);
    const off = slipRefusal(['unit-slip']);
    expect(off.detail).toContain('refused by the programmer');
    expect(off.blocks).toContain('ITB_R_TITRATION_FAR_ABOVE_STEP');
    expect(off.r.summary?.harm).toEqual(on.r.summary?.harm);
    const noGuardrail = slipRefusal(['unit-slip', 'titration-guardrails']);
    expect(noGuardrail.detail).toContain('refused by the pump');
    // The pump's hard-range check words the dose as the slip it is: the same rule, inside the hard limit.
    expect(noGuardrail.blocks).toEqual(['ITB_R_LIKELY_UNIT_SLIP']);
    const noHardRange = slipRefusal(['unit-slip', 'titration-guardrails', 'pump-hard-limits']);
    expect(noHardRange.detail).toContain('refused by the pump');
    expect(noHardRange.blocks).toEqual(['ITB_R_PUMP_RATE_ABOVE_MAX']);
    expect(noHardRange.r.summary?.harm).toEqual(on.r.summary?.harm);
  });

  // Finding (issue 15, round 10): the unit-slip arm equals all on for every seed and fault mix, not by
  // chance. The check names a dose outside the hard range (or a strength the library does not allow) that
  // lands inside it ×1000 or ÷1000; every value it blocks, the hard range or the library's strengths block
  // too. So no slip exists that only this check stops.
  it('unit-slip arm equals all on by construction: the slip check blocks only doses outside the hard range and strengths the library does not allow (every drug)', () => {
    const f = UNIT_SLIP_FACTOR.value;
    let slips = 0;
    for (const id of DRUG_IDS) {
      const drug = getDrug(id);
      const hard = drug.hardDoseRange.value;
      const strengths =
        drug.concentrations.kind === 'listed'
          ? drug.concentrations.allowed.value
          : [drug.concentrations.max.value];
      // Each hard limit and allowed strength ×1000 and ÷1000 (the slips themselves), and values around them.
      const doses = [hard.min, hard.max].flatMap((d) => [d * f, Math.round(d / f), d * f + 1, d - 1]);
      const concs = strengths.flatMap((c) => [c * f, Math.round(c / f), c * 10, Math.round(c / 10)]);
      const logUniform = fc.double({ min: 0, max: 14, noNaN: true }).map((x) => Math.round(10 ** x));
      fc.assert(
        fc.property(fc.oneof(fc.constantFrom(...doses), logUniform), (dose) => {
          if (detectDoseSlip(drug, dose) === undefined) return;
          slips++;
          const codes = doseRangeReasons(drug, dose)
            .filter((r) => r.severity === 'block')
            .map((r) => r.code);
          expect(codes).toEqual([
            dose > hard.max ? 'ITB_R_DOSE_ABOVE_HARD_LIMIT' : 'ITB_R_DOSE_BELOW_HARD_LIMIT',
          ]);
        }),
        { seed: 15, numRuns: 300 },
      );
      fc.assert(
        fc.property(fc.oneof(fc.constantFrom(...concs), logUniform), (c) => {
          if (detectConcentrationSlip(drug, c) === undefined) return;
          slips++;
          expect(isConcentrationAllowed(drug, c)).toBe(false);
        }),
        { seed: 15, numRuns: 300 },
      );
    }
    expect(slips).toBeGreaterThan(0);
  });

  // Finding (issue 15, round 10): with the hard range and the library's strengths switched off as well, the
  // pump's flow range is left, and it cannot be switched off: a ×1000 or ÷1000 slip in the dose or in the
  // strength multiplies or divides the flow by 1000, and each programmable pump's range spans less than that.
  it('unit-slip: every programmable pump’s flow range spans less than 1000×, so a ×1000 or ÷1000 slip of a programme it runs is outside it', () => {
    const f = UNIT_SLIP_FACTOR.value;
    const programmable = PROFILES.filter((p) => p.flowRange.value.max > p.flowRange.value.min);
    expect(programmable.length).toBeGreaterThan(0);
    for (const p of programmable) {
      const { min, max } = p.flowRange.value;
      expect(max, p.id).toBeLessThan(min * f);
      for (const flow of [min, max]) {
        for (const slipped of [flow * f, Math.round(flow / f)]) {
          const use = { drug: 'baclofen' as const, concentration: 2_000_000 };
          const blocks = deviceReasons(p, { ...use, flows: { lowest: slipped, highest: slipped } })
            .filter((r) => r.severity === 'block')
            .map((r) => r.code);
          expect(blocks, `${p.id} ${slipped} nL/day`).toEqual([
            slipped > max ? 'ITB_R_PUMP_RATE_ABOVE_MAX' : 'ITB_R_PUMP_RATE_BELOW_MIN',
          ]);
        }
      }
    }
  });

  it('unit-slip: a µg typed as mg (÷1000), which the campaign does not draw, is refused by the pump’s flow range with every switchable control off', () => {
    const off = run({ ...slip(0.001), startDoseMcgPerDay: 1500 }, CONTROL_NAMES);
    const refusal = off.events.find((e) => e.kind === 'program-refused');
    expect(refusal?.detail).toContain('refused by the pump');
    expect(refusal?.reasons?.map((r) => r.code)).toContain('ITB_R_PUMP_RATE_BELOW_MIN');
    expect(has(off, 'program', 'programming slip')).toBe(false);
  });

  // Finding (issue 15, round 10): the slip first looked for as the unit-slip check's — a decimal slip in the
  // strength typed at refill (500 µg/mL typed as 50: the dose in µg/day unchanged, so no dose check fires) —
  // is not a unit slip: the check never sees it. Only the programmer's syringe match stands in its way; the
  // simulator did not model the typed strength, so no run could show it.
  const typed = (factor: number) => ({
    days: 90,
    sampleHours: 2,
    // 200 µg/day: a fill of 500 µg/mL lasts over a month, so the clinic keeps the patient on it.
    startDoseMcgPerDay: 200,
    drug: { concentrationMcgPerMl: 500 },
    faults: [{ kind: 'strength-typed' as const, refill: 1, factor }],
  });
  it('syringe-match: a strength typed at refill ÷10 (500 µg/mL as 50) is refused and re-entered; without the syringe match the pump runs the dose at 50 µg/mL — ten times the drug — and the unit-slip check never sees it', () => {
    const on = run(typed(0.1));
    const refusal = on.events.find((e) => e.kind === 'program-refused');
    expect(refusal?.detail).toContain('strength 50 µg/mL refused by the programmer');
    expect(refusal?.reasons?.map((r) => r.code)).toEqual(['ITB_R_PROG_CONCENTRATION_MISMATCH']);
    expect(on.summary?.faults[0]).toMatchObject({ kind: 'strength-typed', detectedBy: 'refused' });
    expect(on.summary?.maxOverdoseStage).toBe('none');
    for (const off of [['syringe-match'], ['syringe-match', 'unit-slip']] as ControlName[][]) {
      const r = run(typed(0.1), off);
      expect(has(r, 'program-refused', 'strength')).toBe(false);
      expect(has(r, 'refill', 'refill 1')).toBe(true);
      expect(r.summary?.harm.overdose['respiratory-depression']).toBeGreaterThan(0);
    }
    // The same entry with the unit-slip check off alone changes nothing.
    expect(run(typed(0.1), ['unit-slip']).summary).toEqual(on.summary);
  });

  it('syringe-match: a strength typed ×10 or ÷10 that the library does not allow (500 as 5000, 2000 as 200) is refused by the library’s strengths even without the syringe match', () => {
    for (const [strength, wrong, dose] of [
      [500, 5000, 200],
      [2000, 200, 800],
    ] as const) {
      const r = run(
        { ...typed(wrong / strength), startDoseMcgPerDay: dose, drug: { concentrationMcgPerMl: strength } },
        ['syringe-match'],
      );
      const refusal = r.events.find((e) => e.kind === 'program-refused');
      expect(refusal?.detail).toContain(
        `strength ${wrong.toLocaleString('en-US')} µg/mL refused by the programmer`,
      );
      expect(refusal?.reasons?.map((x) => x.code)).toEqual(['ITB_R_CONCENTRATION_NOT_ALLOWED']);
      expect(r.summary?.maxOverdoseStage).toBe('none');
    }
  });

  // Finding (issue 15): the pump's hard limits could not be switched off, so no campaign could show them.
  it('pump-hard-limits: a ×10 slip the programmer cannot check (400 → 4000) is refused by the pump; without its hard limit it runs and overdoses', () => {
    const unchecked = {
      days: 20,
      faults: [
        { kind: 'programming-slip' as const, atDays: 10, factor: 10, checkedBy: 'pump-only' as const },
      ],
    };
    const on = run(unchecked);
    const refusal = on.events.find((e) => e.kind === 'program-refused');
    expect(refusal?.detail).toContain('refused by the pump');
    expect(refusal?.reasons?.map((r) => r.code)).toContain('ITB_R_DOSE_ABOVE_HARD_LIMIT');
    expect(on.summary?.maxOverdoseStage).toBe('none');
    const off = run(unchecked, ['pump-hard-limits']);
    expect(has(off, 'program', '400 → 4000')).toBe(true);
    expect(off.summary?.maxOverdoseStage).not.toBe('none');
  });
});

describe('--controls arms', () => {
  it('on, off and lists give the arms; an unknown name is refused', () => {
    expect(parseControlArms('on')).toEqual([[]]);
    expect(parseControlArms('off')).toHaveLength(CONTROL_NAMES.length + 1);
    expect(parseControlArms('reconciliation,unit-slip+titration-guardrails')).toEqual([
      [],
      ['reconciliation'],
      ['unit-slip', 'titration-guardrails'],
    ]);
    expect(() => parseControlArms('seatbelts')).toThrow(/not a control/);
  });
});
