import { describe, expect, it } from 'vitest';
import { replayPatient } from './campaign/patient.ts';
import { OVERDOSE_ALERT_HOURS, OVERDOSE_RECHECK_HOURS } from './overdose-response.ts';
import { RESTART_FRACTION } from './restart.ts';

const HOURS_PER_DAY = 24;

describe('the simulated clinic responds to overdose signs', () => {
  it('pump hard limits off: the clinic has no response to overdose signs, so an unchecked ×10 slip runs on until the battery or reservoir ends (seed 1, patient 239) — now it stops the pump and restarts lower from the intended dose', () => {
    const r = replayPatient({ seed: 1, years: 5, stress: 1 }, 239, ['pump-hard-limits']);
    const slip = r.events.find((e) => e.kind === 'program' && e.detail.startsWith('programming slip'));
    expect(slip?.detail).toContain('504 → 5040');
    const onset = r.timeline.find((row) => row.day > (slip?.day as number) && row.overdoseStage !== 'none');
    const response = r.events.find((e) => e.kind === 'response' && e.detail.startsWith('overdose signs'));
    const emergency = r.timeline.find(
      (row) =>
        row.day > (slip?.day as number) && ['respiratory-depression', 'coma'].includes(row.overdoseStage),
    );
    expect(onset).toBeDefined();
    expect(((response?.day as number) - (emergency?.day as number)) * HOURS_PER_DAY).toBeCloseTo(
      OVERDOSE_ALERT_HOURS.value,
      3,
    );
    const restart = r.events.find(
      (e) => e.kind === 'program' && e.detail.startsWith('restart after overdose'),
    );
    expect(restart?.detail).toContain(`→ ${504 * RESTART_FRACTION.value} µg/day`);
    expect(((restart?.day as number) - (response?.day as number)) * HOURS_PER_DAY).toBeGreaterThanOrEqual(
      OVERDOSE_RECHECK_HOURS.value,
    );
    // The slipped dose no longer runs on: no reduction refused, no battery run down, no withdrawal at EOS.
    expect(r.events.filter((e) => e.kind === 'program-refused')).toEqual([]);
    expect(r.summary?.alarmsRaised.eos ?? 0).toBe(0);
    expect(r.summary?.harm.withdrawal.severe).toBe(0);
    expect(r.summary?.harm.overdose.coma).toBe(1);
  });

  it('a refill while the pump is stopped for overdose resumed the slipped dose (its strength change reprogrammed it), so the overdose ran on for years (seed 1, patient 1666, hard limits off)', () => {
    const r = replayPatient({ seed: 1, years: 5, stress: 1 }, 1666, ['pump-hard-limits']);
    const response = r.events.find((e) => e.kind === 'response' && e.detail.startsWith('overdose signs'));
    const restart = r.events.find(
      (e) => e.kind === 'program' && e.detail.startsWith('restart after overdose'),
    );
    expect(restart?.detail).toMatch(/^restart after overdose, pump stopped \d+ h: 0 → /);
    const stopped = r.timeline.filter(
      (row) => row.day > (response?.day as number) && row.day < (restart?.day as number),
    );
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((row) => row.pumpDeliveredMcg === stopped[0]?.pumpDeliveredMcg)).toBe(true);
    expect(r.summary?.harm.overdose['respiratory-depression']).toBe(1);
  });

  it('a reduction for drowsiness refused by the programmer (the slipped dose above the absolute range) left the clinic no move: drowsy for years at ten times the dose (seed 1, patient 882, hard limits off)', () => {
    const r = replayPatient({ seed: 1, years: 5, stress: 1 }, 882, ['pump-hard-limits']);
    const refused = r.events.filter((e) => e.kind === 'program-refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.detail).toContain('drowsy, reduce');
    const response = r.events.find((e) => e.kind === 'response' && e.detail.startsWith('overdose signs'));
    expect(response?.day).toBe(refused[0]?.day);
    expect(r.events.some((e) => e.kind === 'program' && e.detail.startsWith('restart after overdose'))).toBe(
      true,
    );
    expect(r.summary?.harm.overdose.drowsy).toBeLessThan(3);
  });
});

describe('a restart that overdosed the patient is not repeated (the clinic’s standard of care)', () => {
  // Finding (issue 15, run G): with restart-guidance off the overdose response restarted at the full intended
  // dose, the patient overdosed again, and the clinic restarted at the same dose again — patient 1993: 25
  // respiratory depressions and 12 comas, each restart at 1,403 µg/day.
  it('restart-guidance off: a seeded patient whose restart overdoses is not restarted at the same dose twice (seed 1, patient 1993)', () => {
    const r = replayPatient({ seed: 1, years: 5, stress: 1 }, 1993, ['restart-guidance']);
    const doseOf = (detail: string): number => Number(/→ (\d+) µg\/day/.exec(detail)?.[1]);
    const changes = r.events.filter(
      (e) => e.kind === 'program' || (e.kind === 'response' && e.detail.startsWith('overdose signs')),
    );
    const pairs: [number, number][] = [];
    for (const [i, e] of changes.entries()) {
      const overdosed = changes[i + 1];
      if (!e.detail.startsWith('restart') || overdosed?.kind !== 'response') continue;
      const next = changes.slice(i + 2).find((x) => x.detail.startsWith('restart'));
      if (next !== undefined) pairs.push([doseOf(e.detail), doseOf(next.detail)]);
    }
    expect(pairs.length).toBeGreaterThan(0);
    for (const [overdosing, next] of pairs) expect(next).toBeLessThan(overdosing);
  });
});
