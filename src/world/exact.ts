/**
 * round(a × b / c), half away from zero, for the world's hot path. Exact like the therapy core's BigInt
 * mulDiv (which it falls back to), but in plain Number arithmetic whenever the product stays below 2^53 —
 * the usual case for nanolitre and nanogram figures — because a population run applies millions of
 * delivery segments and BigInt allocation dominated their cost (measured: see docs/world.md).
 */
import { mulDiv } from '../therapy/quantities.ts';

export function mulDivExact(a: number, b: number, c: number): number {
  if (a >= 0 && b >= 0 && c > 0) {
    const p = a * b;
    if (p <= Number.MAX_SAFE_INTEGER - c) {
      // q·c ≤ p + c stays exact, so the remainder is exact; fix a floating quotient that is one off.
      let q = Math.floor(p / c);
      let r = p - q * c;
      if (r < 0) {
        q -= 1;
        r += c;
      } else if (r >= c) {
        q += 1;
        r -= c;
      }
      return 2 * r >= c ? q + 1 : q;
    }
  }
  return mulDiv(a, b, c);
}
