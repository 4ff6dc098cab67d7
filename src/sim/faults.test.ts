// Each example scenario in examples/ runs and shows its fault's consequence in the summary (the issue's
// "done when"). Facts checked come from docs/clinical-reference.md §2–§3: an empty reservoir or a blocked catheter leads to
// withdrawal (boxed warning); the residual at refill is higher after an occlusion and lower after a pocket
// fill (Maino 2017 reconciliation); an MRI stalls the rotor, which recovers 2–24 h later.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from './runner.ts';
import { parseScenario, parseScenarioText } from './scenario.ts';

const dir = new URL('../../examples/', import.meta.url);
const cache = new Map<string, RunResult>();
function example(name: string): RunResult {
  let r = cache.get(name);
  if (r === undefined) {
    r = runScenario(parseScenarioText(readFileSync(new URL(`${name}.json`, dir), 'utf8')));
    cache.set(name, r);
  }
  return r;
}
const summaryOf = (name: string) => {
  const s = example(name).summary;
  if (s === null) throw new Error(`${name} did not implant`);
  return s;
};
const dayOf = (r: RunResult, kind: string, detail = ''): number | undefined =>
  r.events.find((e) => e.kind === kind && e.detail.includes(detail))?.day;

describe('example scenarios', () => {
  it('every example file is a valid scenario', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files)
      expect(() => parseScenarioText(readFileSync(new URL(f, dir), 'utf8'))).not.toThrow();
  });

  it('missed refill: low-reservoir alarm, then empty, then withdrawal stages, until the alarm response refills', () => {
    const r = example('missed-refill');
    const s = summaryOf('missed-refill');
    const low = dayOf(r, 'alarm', 'low-reservoir') as number;
    const empty = dayOf(r, 'alarm', 'empty-reservoir') as number;
    const early = dayOf(r, 'stage', 'withdrawal early') as number;
    const refill = dayOf(r, 'refill', 'after alarm') as number;
    expect(dayOf(r, 'refill-missed')).toBeLessThan(low);
    expect(low).toBeLessThan(empty);
    expect(empty).toBeLessThan(early);
    expect(refill).toBeGreaterThan(empty);
    expect(s.harm.withdrawal.early).toBeGreaterThanOrEqual(1);
    expect(s.faults[0]).toMatchObject({ kind: 'missed-refill', detectedBy: 'alarm:low-reservoir' });
    // After the refill the drug returns and withdrawal resolves by the end of the run.
    expect(r.timeline.at(-1)?.withdrawalStage).toBe('none');
  });

  it('missed refill without an alarm response: withdrawal never resolves by a refill', () => {
    const base = parseScenarioText(readFileSync(new URL('missed-refill.json', dir), 'utf8'));
    const r = runScenario(parseScenario({ ...base, alarmResponseHours: undefined, days: 110 }));
    expect(r.events.some((e) => e.kind === 'refill')).toBe(false);
    expect(r.summary?.maxWithdrawalStage).not.toBe('none');
  });

  it('late refill: the low-reservoir alarm sounds before the late refill', () => {
    const r = example('late-refill');
    expect(dayOf(r, 'alarm', 'low-reservoir')).toBeLessThan(dayOf(r, 'refill') as number);
    expect(summaryOf('late-refill').faults[0]?.detectedBy).toBe('alarm:low-reservoir');
  });

  it('pocket fill: systemic drug and an overdose stage, then withdrawal, then a lower residual at the next refill', () => {
    const r = example('pocket-fill');
    const s = summaryOf('pocket-fill');
    expect(s.tissueMcg).toBeGreaterThan(30_000); // 20 mL × 2000 µg/mL = 40 mg into the pocket
    expect(s.harm.overdose.drowsy).toBeGreaterThanOrEqual(1);
    expect(s.harm.withdrawal.early).toBeGreaterThanOrEqual(1);
    const d = r.events.find((e) => e.kind === 'discrepancy');
    expect(d?.reasons?.map((x) => x.code)).toContain('ITB_R_RESIDUAL_LOWER_THAN_EXPECTED');
  });

  it('wrong concentration: four times the drug reaches the spine and an overdose stage follows', () => {
    const s = summaryOf('wrong-concentration');
    expect(s.maxOverdoseStage).not.toBe('none');
    expect(s.faults[0]?.detectedBy).toBe('symptoms');
  });

  it('catheter occlusion: withdrawal, a higher residual at the next refill, then a catheter revision', () => {
    const r = example('catheter-occlusion');
    const s = summaryOf('catheter-occlusion');
    expect(s.harm.withdrawal.early).toBeGreaterThanOrEqual(1);
    const d = r.events.find((e) => e.kind === 'discrepancy');
    expect(d?.reasons?.map((x) => x.code)).toContain('ITB_R_RESIDUAL_HIGHER_THAN_EXPECTED');
    expect(dayOf(r, 'catheter-revision')).toBeGreaterThan(d?.day as number);
  });

  it('catheter leak at the pump end: tissue drug and under-dosing that reconciliation cannot see', () => {
    const s = summaryOf('catheter-leak');
    expect(s.tissueMcg).toBeGreaterThan(0);
    expect(s.harm.withdrawal.early).toBeGreaterThanOrEqual(1);
    expect(s.refills.discrepancies).toBe(0);
  });

  it('MRI: the motor-stall alarm is raised at the scan and cleared 2–24 h after it', () => {
    const r = example('mri');
    const stall = dayOf(r, 'alarm', 'motor-stall') as number;
    const cleared = dayOf(r, 'alarm-cleared', 'motor-stall') as number;
    expect(stall).toBe(10);
    const hours = (cleared - stall) * 24;
    expect(hours).toBeGreaterThanOrEqual(2 + 0.75);
    expect(hours).toBeLessThanOrEqual(24 + 0.75 + 0.01);
    expect(summaryOf('mri').faults[0]).toMatchObject({
      detectedBy: 'alarm:motor-stall',
      detectionDelayHours: 0,
    });
  });

  it('battery fault: low-battery-reset alarm, safe flow, then reprogrammed by the clinic', () => {
    const r = example('battery-fault');
    const s = summaryOf('battery-fault');
    expect(s.alarmsRaised['low-battery-reset']).toBe(1);
    expect(s.programming.accepted).toBe(1);
    expect(dayOf(r, 'program')).toBeGreaterThan(dayOf(r, 'alarm', 'low-battery-reset') as number);
  });

  it('programming slip ×10: refused by the programmer guardrail (defence in depth); the pump alone refuses above its hard limit and accepts below it', () => {
    const s = summaryOf('programming-slip');
    expect(s.programming).toEqual({ accepted: 0, refused: 1 });
    expect(s.faults[0]).toMatchObject({ detectedBy: 'refused', detectionDelayHours: 0 });
    expect(s.maxOverdoseStage).toBe('none');
    const slip = (dose: number) =>
      runScenario(
        parseScenario({
          name: 'slip',
          days: 12,
          startDoseMcgPerDay: dose,
          patient: { onTherapyDays: 180 },
          faults: [{ kind: 'programming-slip', atDays: 5, factor: 10, checkedBy: 'pump-only' }],
        }),
      );
    const above = slip(400); // 4000 µg/day > the 2003 µg/day hard maximum
    expect(above.events.find((e) => e.kind === 'program-refused')?.reasons?.map((x) => x.code)).toContain(
      'ITB_R_DOSE_ABOVE_HARD_LIMIT',
    );
    const below = slip(150); // 1500 µg/day passes the pump's hard limit: only the programmer's step check stops it
    expect(below.events.filter((e) => e.kind === 'program').map((e) => e.detail)[0]).toContain(
      'programming slip: 150 → 1500',
    );
    expect(below.summary?.maxOverdoseStage).not.toBe('none');
  });

  it('baseline: a year of titration and refills, no faults, no withdrawal', () => {
    const s = summaryOf('baseline-year');
    expect(s.refills.done).toBeGreaterThanOrEqual(3);
    expect(s.programming.accepted).toBeGreaterThanOrEqual(1);
    expect(s.maxWithdrawalStage).toBe('none');
    expect(s.alarmsRaised['empty-reservoir']).toBeUndefined();
  });
});

// Finding (issue 15, round 10): every refusal was one shared `refused` signal, and a fault's detection took
// the first allowed signal after it began — so a slip that got through was credited as detected by the
// refusal of a later, different fault (a strength typed wrong at the next refill, or another slip).
describe('each fault’s detection reads its own evidence', () => {
  const run = (faults: unknown[]) =>
    runScenario(
      parseScenario({
        name: 'own-evidence',
        days: 2,
        startDoseMcgPerDay: 400,
        patient: { onTherapyDays: 180 },
        drug: { concentrationMcgPerMl: 500 },
        refills: { everyDays: 1 },
        faults,
      }),
    ).summary;

  it('programming slip credited with a later refused typed strength: a slip that got through is not detected by another fault’s refusal', () => {
    // 400 → 40 µg/day passes the pump (the programmer does not check it); the strength typed at refill 1
    // (500 µg/mL as 5,000, a strength the library does not allow) is refused half a day later.
    const s = run([
      { kind: 'programming-slip', atDays: 0.5, factor: 0.1, checkedBy: 'pump-only' },
      { kind: 'strength-typed', refill: 1, factor: 10 },
    ]);
    expect(s?.programming.accepted).toBe(1);
    expect(s?.faults[1]).toMatchObject({
      kind: 'strength-typed',
      detectedBy: 'refused',
      detectionDelayHours: 0,
    });
    expect(s?.faults[0]?.kind).toBe('programming-slip');
    expect(s?.faults[0]?.detectedBy).not.toBe('refused');
  });

  it('programming slip credited with a later slip’s refusal: each slip is detected by its own refusal only', () => {
    // The second slip (40 → 400 µg/day, a step far above the label's) is refused by the programmer.
    const s = run([
      { kind: 'programming-slip', atDays: 0.5, factor: 0.1, checkedBy: 'pump-only' },
      { kind: 'programming-slip', atDays: 0.75, factor: 10 },
    ]);
    expect(s?.faults[1]).toMatchObject({ detectedBy: 'refused', detectionDelayHours: 0 });
    expect(s?.faults[0]?.detectedBy).not.toBe('refused');
  });
});
