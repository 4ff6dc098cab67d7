import { describe, expect, it } from 'vitest';
import { interruptionText } from './not-running.ts';

describe('interruptionText', () => {
  it('an interruption of a day and 3 h read "1 days 3 h": "1 day 3 h"; other counts are plural', () => {
    expect(interruptionText(27)).toBe('1 day 3 h');
    expect(interruptionText(48.5)).toBe('2 days 0 h');
    expect(interruptionText(1.2)).toBe('0 days 1 h');
  });
});
