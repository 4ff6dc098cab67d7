// Finding (issue 15, round 11): symptoms were shared evidence — any moderate withdrawal or overdose sign after a
// fault began detected it, however much later and whatever caused it. Each fault's evidence now counts only
// within its own window (DETECTION_WINDOWS) and symptoms go to the latest fault under way that can cause them.
import { describe, expect, it } from 'vitest';
import { DETECTION_WINDOWS } from './campaign/detection-windows.ts';
import { replayPatient } from './campaign/patient.ts';
import { DETECTED_BY, SYMPTOMS_CAUSED } from './detection.ts';
import { runScenario, type RunResult } from './runner.ts';
import { parseScenario } from './scenario.ts';

/** A patient on 300 µg/day of 2,000 µg/mL for a year, refilled every 60 days, the empty alarm answered in 48 h. */
const run = (extra: Record<string, unknown>): RunResult =>
  runScenario(
    parseScenario({
      name: 'own-window',
      startDoseMcgPerDay: 300,
      patient: { onTherapyDays: 365 },
      drug: { concentrationMcgPerMl: 2000 },
      refills: { everyDays: 60 },
      alarmResponseHours: 48,
      ...extra,
    }),
  );
const dayOf = (r: RunResult, kind: string, detail: string): number | undefined =>
  r.events.find((e) => e.kind === kind && e.detail.includes(detail))?.day;
/** 1,500 µg/mL for 2,000: three quarters of the dose, early withdrawal and no worse. */
const milderStrength = { kind: 'wrong-concentration', refill: 1, actualMcgPerMl: 1500 };

describe('each fault’s detection reads its own window of evidence', () => {
  it('every fault kind that can be detected has a window, bounded by its end or by days', () => {
    for (const [kind, signals] of Object.entries(DETECTED_BY)) {
      const w = DETECTION_WINDOWS[kind as keyof typeof DETECTION_WINDOWS];
      expect(w.confidence).toBe('A');
      if (signals.length > 0) expect(w.value.endedBy !== null || w.value.maxDays !== null).toBe(true);
      // A kind detected by symptoms says which it can cause, and only such a kind.
      const causes = SYMPTOMS_CAUSED[kind as keyof typeof SYMPTOMS_CAUSED];
      expect(causes.length > 0).toBe(signals.includes('symptoms'));
    }
  });

  it('a withdrawal after an EOS years later was credited as the detection of an earlier wrong-concentration refill', () => {
    // The pump, 1,757 days old, reaches EOS about 740 days after the wrong strength of refill 1 (day 60); without
    // ERI replacement it stops and the patient withdraws. Twelve refills have replaced the wrong strength since.
    const r = run({
      days: 900,
      device: { batteryAgeDays: 1757 },
      faults: [milderStrength],
      controlsOff: ['eri-replacement'],
    });
    const eos = dayOf(r, 'alarm', 'eos') as number;
    expect(eos).toBeGreaterThan(60 + 2 * 365);
    expect(dayOf(r, 'stage', 'withdrawal moderate')).toBeGreaterThan(eos);
    expect(r.summary?.maxWithdrawalStage).toBe('severe');
    expect(r.summary?.faults[0]).toMatchObject({
      kind: 'wrong-concentration',
      startDay: 60,
      detectedBy: null,
      detectionDelayHours: null,
    });
  });

  it('a withdrawal from a later missed refill was credited as the detection of an earlier wrong-concentration refill', () => {
    // Refill 2 (day 120) is missed and, without the board, nothing recalls the patient: the reservoir still
    // holds the wrong strength of refill 1 when it runs empty and moderate withdrawal begins — the missed
    // refill's, which the wrong strength did not cause.
    const r = run({
      days: 200,
      faults: [milderStrength, { kind: 'missed-refill', refill: 2 }],
      controlsOff: ['refill-board'],
    });
    const moderate = dayOf(r, 'stage', 'withdrawal moderate') as number;
    expect(moderate).toBeGreaterThan(dayOf(r, 'alarm', 'empty-reservoir') as number);
    expect(moderate).toBeLessThan(dayOf(r, 'refill', 'after alarm') as number);
    expect(r.summary?.faults[0]).toMatchObject({ kind: 'wrong-concentration', detectedBy: null });
    expect(r.summary?.faults[1]).toMatchObject({ kind: 'missed-refill', detectedBy: 'alarm:low-reservoir' });
  });

  it('a refused slip changed nothing: the overdose of an earlier wrong-concentration refill still detects it', () => {
    // 8,000 µg/mL for 2,000 at refill 1 (day 10); a ×10 slip a few hours later is refused by the programmer.
    const r = run({
      days: 30,
      refills: { everyDays: 10 },
      faults: [
        { kind: 'wrong-concentration', refill: 1, actualMcgPerMl: 8000 },
        { kind: 'programming-slip', atDays: 10.1, factor: 10 },
      ],
    });
    expect(r.summary?.faults[1]).toMatchObject({ detectedBy: 'refused', detectionDelayHours: 0 });
    const drowsy = dayOf(r, 'stage', 'overdose drowsy') as number;
    expect(drowsy).toBeGreaterThan(10.1);
    expect(r.summary?.faults[0]).toMatchObject({ detectedBy: 'symptoms', detectedDay: drowsy });
  });

  it('a slip’s coma was credited to a late refill that began between them: a late refill causes withdrawal only', () => {
    // Campaign seed 11 (2-year patients, rates × 20), patient 60: a ×10 slip (176 → 1,760 µg/day, day 63.6),
    // refill 1 postponed 9 h later (day 64.0), coma at the next sample (day 64). The slip's overdose is the
    // slip's: the late refill, under way, cannot cause an overdose.
    const r = replayPatient({ seed: 11, years: 2, stress: 20 }, 60, []);
    const faults = r.summary?.faults ?? [];
    const near = (kind: string) =>
      faults.find((f) => f.kind === kind && Math.abs((f.startDay ?? 0) - 64) < 1);
    const slip = near('programming-slip');
    const late = near('late-refill');
    const coma = dayOf(r, 'stage', 'overdose coma') as number;
    expect(late?.startDay).toBeGreaterThan(slip?.startDay as number);
    expect(late?.startDay).toBeLessThan(coma);
    expect(late).toMatchObject({ detectedBy: 'overdue-board', detectionDelayHours: 0 });
    expect(slip).toMatchObject({ detectedBy: 'symptoms', detectedDay: coma });
  });
});
