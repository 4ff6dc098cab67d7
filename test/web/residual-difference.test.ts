/**
 * The troubleshooting step "reconcile the residual" read the measured minus calculated residual with
 * Number(): "1,5" (a decimal comma) was recorded as the text "1,5" with no finding, so the causes did not
 * re-rank for an under-delivery (docs/troubleshooting.md). It is read by therapy's parser, signed; a slip is
 * refused beside the field and nothing is recorded (web/src/troubleshoot/residual-difference.ts).
 */
import { describe, expect, it } from 'vitest';
import { residualDifferenceMl } from '../../web/src/troubleshoot/residual-difference.ts';

describe('the residual difference typed on the troubleshooting page', () => {
  it('a residual difference typed "1,5" was recorded as text with no finding: refused with the parser’s words', () => {
    for (const typed of ['1,5', '2O', '1.5 mcg', '']) {
      const r = residualDifferenceMl(typed);
      expect(r.ok, typed).toBe(false);
    }
    const comma = residualDifferenceMl('1,5');
    expect(comma.ok ? '' : comma.message).toMatch(/decimal point/);
  });

  it('a signed difference is read in mL: "-1.5", "+2 mL", "−0.5" (typographic minus), "0"', () => {
    const value = (t: string) => {
      const r = residualDifferenceMl(t);
      return r.ok ? r.value : r.message;
    };
    expect(value('-1.5')).toBe(-1.5);
    expect(value('+2 mL')).toBe(2);
    expect(value('\u22120.5')).toBe(-0.5);
    expect(value('3')).toBe(3);
    expect(value('0')).toBe(0);
  });
});
