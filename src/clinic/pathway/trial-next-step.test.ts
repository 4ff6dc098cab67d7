import { describe, expect, it } from 'vitest';
import { proceedDecision } from './pathway-fixtures.ts';
import { SCREENING_DOSE_INTERVAL_MS, trialNextStep } from './trial-next-step.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 14, 9);
const evaluation = (at: number, outcome: 'proceed-to-trial' | 'defer' | 'not-a-candidate') => ({
  at,
  decision: { ...proceedDecision(at), outcome },
});

describe('what a screening trial waits for (docs/clinical-reference.md §1.1)', () => {
  it('a patient who responded to a screening dose had nothing due: the implant is due from the response', () => {
    const step = trialNextStep(
      [
        { at: T0, responded: false },
        { at: T0 + DAY, responded: true },
      ],
      [evaluation(T0 - 10 * DAY, 'proceed-to-trial')],
    );
    expect(step).toEqual({ item: 'implant', dueAt: T0 + DAY });
  });

  it('no response: the next protocol dose (or the team’s decision) is due 24 hours after the last dose', () => {
    expect(SCREENING_DOSE_INTERVAL_MS).toBe(24 * 3_600_000);
    expect(trialNextStep([{ at: T0, responded: false }], [])).toEqual({
      item: 'trial-next-dose',
      dueAt: T0 + SCREENING_DOSE_INTERVAL_MS,
    });
  });

  it('a trial whose response is not recorded asks for it, from the dose', () => {
    expect(trialNextStep([{ at: T0, responded: null }], [])).toEqual({ item: 'trial-response', dueAt: T0 });
  });

  it('a decision recorded after the last trial not to go on ends the wait; one recorded before does not', () => {
    const trials = [{ at: T0, responded: true }];
    expect(trialNextStep(trials, [evaluation(T0 + DAY, 'not-a-candidate')])).toBeNull();
    expect(trialNextStep(trials, [evaluation(T0 + DAY, 'defer')])).toBeNull();
    expect(trialNextStep(trials, [evaluation(T0 - DAY, 'defer')])?.item).toBe('implant');
    expect(trialNextStep(trials, [evaluation(T0 + DAY, 'proceed-to-trial')])?.item).toBe('implant');
  });

  it('no trial, no step', () => {
    expect(trialNextStep([], [evaluation(T0, 'proceed-to-trial')])).toBeNull();
  });
});
