/**
 * The fault rates a safety campaign injects, each a named, sourced datum (docs/clinical-reference.md §4,
 * "Event rates for long runs"). Catheter complications and pocket fills are the world's [C] rates
 * (src/world/event-rates.ts); the clinic's own slips have no published rate we could confirm, so they are
 * [U] estimates to be replaced when a registry figure is found — every one can be overridden by name.
 */
import { sourced } from '../../therapy/sourced.ts';

export const CAMPAIGN_FAULT_RATES = {
  missedRefillPerRefill: sourced(
    0.01,
    'U',
    'docs/clinical-reference.md §4: a refill appointment not kept, about 1 in 100 (our estimate, unconfirmed)',
  ),
  lateRefillPerRefill: sourced(
    0.03,
    'U',
    'docs/clinical-reference.md §4: a refill done 3–21 days after its date, about 3 in 100 (our estimate, unconfirmed)',
  ),
  lateRefillDays: sourced(
    { min: 3, max: 21 },
    'U',
    'docs/clinical-reference.md §4: how late a late refill is (our estimate, unconfirmed)',
  ),
  wrongConcentrationPerRefill: sourced(
    1e-3,
    'U',
    'docs/clinical-reference.md §4: a syringe of another stocked strength, about 1 in 1000 refills (our estimate; ' +
      'ISMP reports of intrathecal concentration errors give no denominator)',
  ),
  strengthTypedWrongPerRefill: sourced(
    1e-3,
    'U',
    'docs/clinical-reference.md §4: the syringe’s strength typed wrong into the programmer at a refill (a decimal ' +
      'slip), about 1 in 1000 refills (our estimate; ISMP reports of intrathecal concentration errors give no ' +
      'denominator)',
  ),
  /** What a strength typed wrong multiplies the syringe's strength by, with weights: a zero dropped or added. */
  strengthTypedFactors: sourced(
    [
      { factor: 0.1, weight: 0.5 },
      { factor: 10, weight: 0.5 },
    ],
    'A',
    'our split of strengths typed wrong: a zero dropped (500 as 50) or added (500 as 5000)',
  ),
  strengthOutOfStockPerRefill: sourced(
    0.005,
    'U',
    'docs/clinical-reference.md §4: the patient’s strength out of stock at a refill, about 1 in 200 refills, so ' +
      'the clinic prescribes another stocked strength (our estimate, unconfirmed)',
  ),
  programmingSlipsPerYear: sourced(
    0.02,
    'U',
    'docs/clinical-reference.md §4: a dose typed wrong (decimal or mg/mcg), about 2 per 100 patient-years ' +
      '(our estimate; FDA infusion-pump hazard examples give no rate)',
  ),
  /** What a slip multiplies the dose by, with weights: a decimal slip up or down, a mg typed as µg. */
  slipFactors: sourced(
    [
      { factor: 10, weight: 0.6 },
      { factor: 0.1, weight: 0.2 },
      { factor: 1000, weight: 0.2 },
    ],
    'A',
    'our split of slips: decimal up, decimal down, unit (mg for µg)',
  ),
  uncheckedSlipsPerYear: sourced(
    0.005,
    'U',
    'docs/clinical-reference.md §4: a decimal slip upwards (×10) typed where the programmer has no prior dose ' +
      'to check the step against, so only the pump’s hard limit stands in the way — about 1 in 200 ' +
      'patient-years (our estimate, unconfirmed; a quarter of the slip rate above)',
  ),
  mriPerYear: sourced(
    0.05,
    'U',
    'docs/clinical-reference.md §4: an MRI scan about once in 20 patient-years (our estimate, unconfirmed)',
  ),
  batteryFaultsPerYear: sourced(
    0.005,
    'U',
    'docs/clinical-reference.md §4: a low-battery reset about once in 200 pump-years (our estimate, unconfirmed)',
  ),
} as const;

/**
 * How old a campaign patient's pump is at the start, as a share of its battery's calendar life before ERI (the
 * profile's maximum life less the ERI lead: 7 years − 90 days, docs/clinical-reference.md §3 battery),
 * drawn uniformly [A]: a clinic that replaces each pump at ERI holds pumps of every age alike, so battery ends
 * fall within the years simulated at the rate the clinic meets them. The therapy itself still starts with
 * the screening trial; only the pump's battery is aged (the energy of its age spent at the start dose).
 */
export const PUMP_AGE_AT_START = sourced(
  { minShare: 0, maxShare: 1 },
  'A',
  'our assumption: a uniformly drawn point of the battery’s calendar life before ERI (7 years − 90 days [C])',
);

/**
 * Published real-world rates a campaign's arms are compared with (docs/clinical-reference.md §4): withdrawal
 * about 5 per 100 pump-years, catheter complications 1.5–5 per 100 patient-years.
 */
export const REAL_WORLD_RATES = sourced(
  [
    { outcome: 'withdrawal (any stage)', per100PatientYears: { min: 5, max: 5 } },
    { outcome: 'catheter complications', per100PatientYears: { min: 1.5, max: 5 } },
  ],
  'C',
  'docs/clinical-reference.md §4 event rates for long runs',
);
