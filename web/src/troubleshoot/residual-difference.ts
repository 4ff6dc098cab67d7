/**
 * The troubleshooting step "reconcile the residual": the measured minus the calculated residual, in mL,
 * signed (more drug left than calculated is under-delivery, the catheter's causes rank up:
 * docs/troubleshooting.md). Read by therapy's parser for the magnitude, the sign in front: a slip ("1,5",
 * "2O") is refused beside the field and nothing is recorded. Before, it was read with Number(): "1,5" was
 * recorded as the text "1,5" with no finding, and the causes did not re-rank.
 */
import { NL_PER_ML } from '../../../src/therapy/quantities.ts';
import { parseAs } from '../../../src/therapy/units.ts';
import { parsed, type Parsed } from '../parsed.ts';

/** "-1.5", "+2 mL", "−0.5" (a typographic minus), "0" → mL, signed; else the parser's refusal. */
export function residualDifferenceMl(text: string): Parsed<number> {
  const m = /^\s*([+\-\u2212]?)\s*(.*)$/s.exec(text);
  const sign = m?.[1] === '' || m?.[1] === '+' ? 1 : -1;
  return parsed(() => {
    const magnitude = parseAs(m?.[2] ?? '', 'volume', 'mL').nl / NL_PER_ML;
    return magnitude === 0 ? 0 : sign * magnitude;
  });
}
