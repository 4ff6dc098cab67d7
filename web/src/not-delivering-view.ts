/**
 * A pump that delivers no drug, said where the patient's therapy is shown (src/clinic/not-delivering.ts, the
 * rule the board's top tier and the emergency card read). The patient page and the patient's own view
 * showed the programmed dose as running while the board said "Not delivering since …".
 */
import {
  CLINIC_STOP_CAUSE,
  EMPTY_CAUSE,
  notDeliveringHead,
  notDeliveringSince,
  type NotDelivering,
} from '../../src/clinic/not-delivering.ts';
import { date, dateTime } from './format.ts';

/** Since when in the clinic's zone: the day alone when only the day is on record. */
const when = (nd: NotDelivering): string | null => notDeliveringSince(nd, dateTime, date);
const sinceText = (nd: NotDelivering): string => (nd.since === null ? '' : ` since ${when(nd) ?? ''}`);

/** The clinician's line: since when, why, and what the programme shown is. */
export const deliveryText = (nd: NotDelivering): string =>
  `${notDeliveringHead(nd, dateTime, date)}. The programme shown is not what the patient receives: watch for withdrawal.`;

/**
 * The patient's own words: an empty pump is said to be out of medicine, as its alarm says; the clinic's own
 * stop is said to be the clinic's (it read only "not giving your medicine", as if the pump had failed).
 */
export function patientDeliveryText(nd: NotDelivering): string {
  if (onlyTheClinicsStop(nd))
    return `Your clinic stopped your pump${nd.since === null ? '' : ` on ${when(nd) ?? ''}`}: it is not giving your medicine.`;
  if (nd.causes.includes(EMPTY_CAUSE))
    return `Your pump has run out of medicine${sinceText(nd)}: you are not getting your medicine.`;
  return nd.projected
    ? `Your pump's battery may have run out${sinceText(nd)}: your pump may have stopped giving your medicine.`
    : `Your pump is not giving your medicine${sinceText(nd)}.`;
}

/**
 * Whether the clinic's own stop is the only cause: the one stop a patient may have been told of ("call today
 * if nobody has told you why"). Every other cause is what a critical pump alarm means, and the patient is told
 * what that alarm tells them: call now. An empty pump read "call today if nobody has told you why".
 */
export const onlyTheClinicsStop = (nd: NotDelivering): boolean =>
  nd.causes.length > 0 && nd.causes.every((c) => c === CLINIC_STOP_CAUSE);
