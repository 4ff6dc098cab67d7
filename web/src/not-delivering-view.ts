/**
 * A pump that delivers no drug, said where the patient's therapy is shown (src/clinic/not-delivering.ts, the
 * rule the board's top tier and the emergency card read). The patient page and the patient's own view
 * showed the programmed dose as running while the board said "Not delivering since …".
 */
import { causesText, type NotDelivering } from '../../src/clinic/not-delivering.ts';
import { dateTime } from './format.ts';

const sinceText = (nd: NotDelivering): string => (nd.since === null ? '' : ` since ${dateTime(nd.since)}`);

/** The clinician's line: since when, why, and what the programme shown is. */
export function deliveryText(nd: NotDelivering): string {
  return (
    `${nd.projected ? 'MAY NOT BE DELIVERING' : 'NOT DELIVERING'}${sinceText(nd)}: ${causesText(nd)}. ` +
    'The programme shown is not what the patient receives: watch for withdrawal.'
  );
}

/** The patient's own words. */
export function patientDeliveryText(nd: NotDelivering): string {
  return nd.projected
    ? `Your pump's battery may have run out${sinceText(nd)}: your pump may have stopped giving your medicine.`
    : `Your pump is not giving your medicine${sinceText(nd)}.`;
}
