/**
 * The patient's own view said "Your pump gives 330 micrograms (mcg) of baclofen every day" under the line
 * saying the pump was not giving it (a pump the clinic stopped). Both now read the one statement
 * (src/clinic/not-delivering.ts).
 */
import { describe, expect, it } from 'vitest';
import { deliveryText, onlyTheClinicsStop, patientDeliveryText } from '../../web/src/not-delivering-view.ts';
import { plainPrescription } from '../../web/src/patient-words.ts';

const baclofen = {
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 2000,
  doseMcgPerDay: 330,
} as const;

describe('a pump that delivers nothing, in the words of the pages', () => {
  it("the patient's own view said the stopped pump gives its dose: it is set to give it and does not now", () => {
    expect(plainPrescription(baclofen)).toBe(
      'Your pump gives 330 micrograms (mcg) of baclofen every day, at the same rate day and night.',
    );
    expect(plainPrescription(baclofen, false)).toBe(
      'Your pump is set to give 330 micrograms (mcg) of baclofen every day, at the same rate day and night. ' +
        'It is not giving it now.',
    );
  });

  it('the clinician reads since when and why; a projection alone says "may"', () => {
    const since = Date.UTC(2026, 11, 4, 20, 22);
    const certain = {
      since,
      causes: ['the clinic stopped delivery'],
      projected: false,
      sinceTimeKnown: true,
    };
    expect(deliveryText(certain)).toMatch(/^NOT DELIVERING since .*2026.*: the clinic stopped delivery\. /);
    expect(deliveryText({ ...certain, projected: true })).toMatch(/^MAY NOT BE DELIVERING since /);
    const stalled = { ...certain, causes: ['the pump reports its motor stalled'] };
    expect(patientDeliveryText(stalled)).toMatch(/^Your pump is not giving your medicine since /);
    expect(patientDeliveryText({ ...stalled, since: null })).toBe('Your pump is not giving your medicine.');
  });

  it('a back-dated replacement read "NOT DELIVERING since Fri 4 Dec 2026 00:00 …", the day’s first instant as if its time were known: the day alone, time not recorded', () => {
    const dayStart = Date.UTC(2026, 11, 4);
    const replaced = {
      since: dayStart,
      sinceTimeKnown: false,
      causes: ['the pump runs no programme'],
      projected: false,
    };
    expect(deliveryText(replaced)).toMatch(
      /^NOT DELIVERING since \w{3} \d+ Dec 2026 \(time not recorded\): /,
    );
    expect(deliveryText(replaced)).not.toMatch(/\d\d:\d\d/);
    expect(patientDeliveryText(replaced)).toMatch(/since \w{3} \d+ Dec 2026 \(time not recorded\)\.$/);
  });

  it("the patient's own view said of the clinic's stop only 'Your pump is not giving your medicine since …', as if the pump had failed: it says the clinic stopped it", () => {
    const since = Date.UTC(2026, 11, 5, 2, 28);
    const stop = { since, causes: ['the clinic stopped delivery'], projected: false, sinceTimeKnown: true };
    expect(patientDeliveryText(stop)).toMatch(
      /^Your clinic stopped your pump on .*2026.*: it is not giving your medicine\.$/,
    );
    expect(patientDeliveryText({ ...stop, since: null })).toBe(
      'Your clinic stopped your pump: it is not giving your medicine.',
    );
    // With another cause besides, the pump's failure is said (and the patient is told to call now).
    expect(
      patientDeliveryText({ ...stop, causes: [...stop.causes, 'the pump reports its motor stalled'] }),
    ).toMatch(/^Your pump is not giving your medicine since /);
  });

  it("an empty pump read 'not giving your medicine' and, like the clinic's own stop, 'call today if nobody has told you why': it has run out, and only the clinic's stop keeps that advice", () => {
    const since = Date.UTC(2027, 1, 12, 2, 37);
    const empty = { since, causes: ['the reservoir is EMPTY'], projected: false, sinceTimeKnown: true };
    expect(patientDeliveryText(empty)).toMatch(
      /^Your pump has run out of medicine since .*: you are not getting your medicine\.$/,
    );
    expect(onlyTheClinicsStop(empty)).toBe(false);
    expect(onlyTheClinicsStop({ ...empty, causes: ['the clinic stopped delivery'] })).toBe(true);
    expect(
      onlyTheClinicsStop({ ...empty, causes: ['the clinic stopped delivery', 'the reservoir is EMPTY'] }),
    ).toBe(false);
  });
});
