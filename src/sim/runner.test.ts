// The runner core is pure (scenario + seed → timeline + summary) and event-driven (docs/architecture.md principles 1
// and 2): the same inputs give the same result; forcing an event every hour changes nothing the pump counts
// (its delivery is exact in whole strokes however time is cut: docs/pump.md); the world's true volume and
// the patient's course change only within rounding (whole nanolitres per cut segment) and floating point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario } from './runner.ts';
import { chooseConcentration } from './strengths.ts';
import { parseScenario } from './scenario.ts';
import { timelineCsv, timelineSvg } from './chart.ts';

const scenario = parseScenario({
  name: 'maintenance',
  days: 40,
  startDoseMcgPerDay: 400,
  patient: { onTherapyDays: 60, seed: 3 },
  refills: { everyDays: 30 },
  titration: { phase: 'maintenance' },
  faults: [{ kind: 'mri', atDays: 5 }],
});

describe('runScenario', () => {
  it('is deterministic for a seed, and the seed matters', () => {
    const a = runScenario(scenario);
    expect(runScenario(scenario)).toEqual(a);
    const b = runScenario(scenario, { seed: 99 });
    expect(b.seed).toBe(99);
    expect(b.timeline).not.toEqual(a.timeline);
  });

  it('forcing an event every hour gives the same pump history and the same patient course', () => {
    const a = runScenario(scenario);
    const b = runScenario(scenario, { forceStepHours: 1 });
    expect(b.timeline.map((r) => [r.pumpDeliveredMcg, r.reservoirCalculatedMl])).toEqual(
      a.timeline.map((r) => [r.pumpDeliveredMcg, r.reservoirCalculatedMl]),
    );
    for (const [i, r] of a.timeline.entries()) {
      // The world rounds each cut segment to whole nanolitres: sub-microlitre differences only.
      expect(Math.abs((b.timeline[i]?.reservoirTrueMl ?? 0) - r.reservoirTrueMl)).toBeLessThan(0.001);
      expect(b.timeline[i]?.masContinuous).toBeCloseTo(r.masContinuous, 2);
      expect(b.timeline[i]?.intrathecalMcg).toBeCloseTo(r.intrathecalMcg, 0);
    }
    expect(b.summary?.harm).toEqual(a.summary?.harm);
  });

  it('samples the timeline at the scenario interval with true and calculated reservoir volumes', () => {
    const r = runScenario(scenario);
    expect(r.timeline).toHaveLength(40 * 4 + 1); // every 6 h, both ends
    const first = r.timeline[0];
    expect(first?.reservoirCalculatedMl).toBe(20);
    expect(first?.reservoirTrueMl).toBe(20);
    // The pump counts strokes; the world applies the delivery error: the two part as time goes on.
    expect(r.timeline.some((x) => x.reservoirCalculatedMl !== x.reservoirTrueMl)).toBe(true);
  });

  it('starts on the strongest stocked strength whose flow clears the device minimum with headroom', () => {
    expect(chooseConcentration(400, 48_000)).toBe(2000);
    expect(chooseConcentration(100, 48_000)).toBe(1000); // 0.1 mL/day at 1000 µg/mL ≥ 2 × 0.048
    expect(chooseConcentration(30, 48_000)).toBe(500);
  });

  it('implants exactly when the screening decision is a responder', () => {
    const r = runScenario(parseScenario({ name: 'np', days: 10, screening: {}, patient: { seed: 1 } }));
    expect(r.screening?.decision.kind).toBeDefined();
    expect(r.implanted).toBe(r.screening?.decision.kind === 'responder');
  });
});

describe('outputs', () => {
  const r = runScenario(scenario);
  it('CSV has a header and one line per sample', () => {
    const lines = timelineCsv(r.timeline).trim().split('\n');
    expect(lines[0]).toMatch(/^t,day,doseMcgPerDay,.*reservoirCalculatedMl,reservoirTrueMl,.*alarms$/);
    expect(lines).toHaveLength(r.timeline.length + 1);
  });
  it('SVG is one self-contained document with the three panels', () => {
    const svg = timelineSvg(r.name, r.timeline, r.events);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    for (const t of ['reservoir mL', 'CSF µg/mL', 'tone (MAS)']) expect(svg).toContain(t);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe('invariants over random faults (fast-check)', () => {
  const fault = fc.oneof(
    fc.record({ kind: fc.constant('missed-refill' as const), refill: fc.integer({ min: 1, max: 2 }) }),
    fc.record({ kind: fc.constant('pocket-fill' as const), refill: fc.integer({ min: 1, max: 2 }) }),
    fc.record({
      kind: fc.constant('catheter' as const),
      atDays: fc.integer({ min: 0, max: 25 }),
      state: fc.constant({ kind: 'occluded' as const }),
    }),
    fc.record({ kind: fc.constant('mri' as const), atDays: fc.integer({ min: 0, max: 25 }) }),
    fc.record({ kind: fc.constant('battery-fault' as const), atDays: fc.integer({ min: 0, max: 25 }) }),
    fc.record({
      kind: fc.constant('programming-slip' as const),
      atDays: fc.integer({ min: 0, max: 25 }),
      factor: fc.constantFrom(0.5, 2, 10),
    }),
  );
  it('volumes never negative, drug in ≤ drug filled, detections never before the fault', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fault, { maxLength: 3 }), (seed, faults) => {
        const r = runScenario(
          parseScenario({
            name: 'p',
            seed,
            days: 30,
            sampleHours: 12,
            startDoseMcgPerDay: 600,
            patient: { onTherapyDays: 30 },
            refills: { everyDays: 12 },
            alarmResponseHours: 24,
            faults,
          }),
        );
        const s = r.summary;
        if (s === null) return false;
        // Drug put in: the initial fill, the catheter's drug content, and every refill (20 mL × 2000 µg/mL).
        const filled = 40_000 * (1 + s.refills.done) + 0.13 * 2000 + 1;
        for (const row of r.timeline) {
          if (row.reservoirCalculatedMl < 0 || row.reservoirTrueMl < 0) return false;
          if (row.intrathecalMcg + row.tissueMcg > filled) return false;
        }
        return s.faults.every((f) => f.detectionDelayHours === null || f.detectionDelayHours >= 0);
      }),
      { numRuns: 8 },
    );
  });
});
