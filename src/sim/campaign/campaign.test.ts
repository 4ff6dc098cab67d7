import { describe, expect, it } from 'vitest';
import { HARMS } from './arm.ts';
import { campaignHtml } from './report-html.ts';
import { runCampaign, type CampaignResult } from './run.ts';

const small = {
  seed: 5,
  years: 0.5,
  stress: 20,
  patientYears: 3,
  arms: [[], ['reconciliation']] as const,
};
const stable = (c: CampaignResult) => ({ ...c, elapsedSeconds: 0, patientYearsPerSecond: 0 });

describe('safety campaign', () => {
  it('is deterministic for a seed and identical for 1 and 2 worker threads', async () => {
    const one = await runCampaign({ ...small, workers: 1 });
    const again = await runCampaign({ ...small, workers: 1 });
    const two = await runCampaign({ ...small, workers: 2 });
    expect(stable(again)).toEqual(stable(one));
    expect(stable(two)).toEqual(stable(one));
    expect(one.arms[0]?.patientYears).toBeGreaterThanOrEqual(small.patientYears);
    expect(one.arms.map((a) => a.label)).toEqual(['all on', 'off: reconciliation']);
    // Every arm runs the same patients.
    expect(one.arms[1]?.patients).toBe(one.arms[0]?.patients);
  }, 120_000);

  it('the HTML report is self-contained: no script, no external resource, a chart per harm', async () => {
    const c = await runCampaign({ ...small, workers: 1 });
    const html = campaignHtml(c, (_a, i) => `itb sim campaign --replay ${i}`);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
    expect(html.match(/<svg/g)?.length).toBe(HARMS.length);
    expect(html).toContain('off: reconciliation');
  }, 120_000);
});
