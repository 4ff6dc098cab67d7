/**
 * The pump's real delivery departs from what it commands (FDA 2014 hazard "actual rate ≠ programmed"):
 * docs/clinical-reference.md §3 reports +2.5 % per refill and +1 % cumulative in patients (Wesemann 2014) against a
 * specified ±14.5 %. The world draws one error per refill interval (the residual is compared per refill),
 * so the pump's calculated reservoir and the true one drift apart until the next refill.
 */
import { normal, type Draw, type Rng } from './random.ts';
import { PPM, type DeliveryErrorParams } from './params.ts';

/** Draws the delivery error of one refill interval, in parts per million of the commanded volume. */
export function drawDeliveryErrorPpm(rng: Rng, p: DeliveryErrorParams): Draw<number> {
  const sd = p.accuracy.value / p.accuracySds.value;
  const [e, next] = normal(rng, p.perRefillMean.value, sd);
  const limit = p.limit.value;
  return [Math.round(Math.min(limit, Math.max(-limit, e)) * PPM), next];
}
