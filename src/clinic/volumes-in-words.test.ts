/**
 * Walk finding: the pathway page's implant form, with an initial fill of 200 mL typed for 20, answered "an
 * initial fill of 200,000,000 nL overfills the pump's 20,000,000 nL reservoir". A volume a clinician reads
 * is in mL (the refill's overfill and the catheter's maximum said it in nL too).
 */
import { describe, expect, it } from 'vitest';
import { checkInitialFill } from './initial-fill.ts';
import { assertCatheterFits } from './people-repo.ts';

const refusal = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return 'accepted';
};

describe('volumes in a refusal are said in mL', () => {
  it('an initial fill of 200 mL for a 20 mL pump read "200,000,000 nL overfills the pump\'s 20,000,000 nL reservoir"', () => {
    const fill = { drug: 'baclofen', concentrationNgPerMl: 500_000, volumeNl: 200_000_000, lot: 'L1', at: 0 };
    const message = refusal(() => checkInitialFill('peristaltic-20', fill as never));
    expect(message).toBe("an initial fill of 200 mL overfills the pump's 20 mL reservoir");
  });

  it("a catheter volume above the pump model's maximum is said in mL", () => {
    const message = refusal(() =>
      assertCatheterFits('peristaltic-20', {
        model: '8709SC',
        lengthMm: 3000,
        volumeNl: 1_100_000,
        tipLevel: 'T10',
      }),
    );
    expect(message).toMatch(/^catheter volume 1\.1 mL is above peristaltic-20's maximum 1 mL /);
  });
});
