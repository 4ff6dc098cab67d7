/** Review diffs in words and clinician units (web/src/change-text.ts): the Finish screen and the timeline. */
import { describe, expect, it } from 'vitest';
import { changeText } from '../../src/programmer/change-text.ts';

describe('changeText', () => {
  it.each([
    [{ path: 'doseMcgPerDay', before: 400, after: 460 }, 'dose rate: 400 mcg/day → 460 mcg/day'],
    [
      { path: 'everyDay.steps.1.startMinute', before: 420, after: 480 },
      'Every day, step 2, from: 07:00 → 08:00',
    ],
    [
      { path: 'byWeekday.saturday.boluses.0.amountMcg', before: null, after: 25 },
      'Saturday, bolus 1, amount: — → 25 mcg',
    ],
    [
      { path: 'everyDay.steps.2', before: null, after: { startMinute: 1320, doseMcgPerDay: 444 } },
      'Every day, step 3: — → from 22:00 at 444 mcg/day',
    ],
    [
      { path: 'mode', before: 'simple-continuous', after: 'flex' },
      'programme: one continuous daily dose → flex schedule',
    ],
    [{ path: 'reservoir', before: 3_920_000, after: 18_000_000 }, 'reservoir volume: 3.92 mL → 18 mL'],
    [
      { path: 'concentration', before: 1_000_000, after: 2_000_000 },
      'concentration: 1,000 mcg/mL → 2,000 mcg/mL',
    ],
    [
      { path: 'prescription.doseMcgPerDay', before: 350, after: 385 },
      'prescription, dose rate: 350 mcg/day → 385 mcg/day',
    ],
  ])('%j reads %j', (entry, text) => expect(changeText(entry)).toBe(text));
});
