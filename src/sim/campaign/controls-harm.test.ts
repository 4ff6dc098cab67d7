/**
 * CI's small seeded campaign (fault rates × 20 so rare faults happen in a few patient-years): each control
 * whose harm this model can show, switched off alone, shows it. docs/safety-case.md says which controls the
 * model cannot yet show alone and why.
 */
import { describe, expect, it } from 'vitest';
import { runCampaign, type CampaignResult } from './run.ts';

const p = (c: CampaignResult, arm: string, harm: string) =>
  c.comparisons.find((x) => x.arm === arm && x.harm === harm);

describe('each control switched off alone shows the harm it prevents (seeded, small)', () => {
  it('refill board, reconciliation, troubleshooting', async () => {
    const c = await runCampaign({
      seed: 11,
      years: 2,
      stress: 20,
      // 24 patient-years: the label-following clinic (titration-visit.ts) leaves fewer uncontrolled days
      // in the all-on arm, so the paired test needs more patients than the 12 it needed before.
      patientYears: 24,
      arms: [[], ['refill-board'], ['reconciliation'], ['troubleshooting']],
      workers: 1,
    });
    const on = c.arms[0];
    expect(on?.harms['empty-reservoir'].count).toBe(0);
    expect(p(c, 'off: refill-board', 'empty-reservoir')?.pValue).toBeLessThan(0.01);
    expect(p(c, 'off: refill-board', 'withdrawal-moderate')?.pValue).toBeLessThan(0.05);
    for (const arm of ['off: reconciliation', 'off: troubleshooting']) {
      const days = p(c, arm, 'uncontrolled-days');
      expect(days?.ratio).toBeGreaterThan(1.5);
      expect(days?.pValue).toBeLessThan(0.05);
    }
  }, 600_000);
});
