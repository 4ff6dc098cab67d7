/**
 * A month skipped, printed: the emergency card said the refill-by date had PASSED while the session summary
 * printed at the same instant gave the same date bare under "At the end of the visit", as if still ahead
 * (walk of the demo: Emmy Noether's card "Sun 29 Nov 2026 (PASSED: call the clinic today)", her summary
 * "Refill by Sun 29 Nov 2026", the patient page "5 days overdue"). One rule (pdf-common.ts refillByOnPaper)
 * now says it on every paper that prints the date. And the card said "no appointment booked" of a refill
 * visit booked and missed, which the patient page and the patient's own view call a missed visit: it now
 * prints that visit, missed, by the same rule (clinic/refill-booking.ts passedRefillBooking). The refill
 * report of the last refill, printed then, gave its refill-by and next appointment bare (walk of the demo:
 * Dora Maar's report printed on 4 Jan 2027, "Refill by Fri 1 Jan 2027", "Next appointment Wed 30 Dec 2026"):
 * it says them PASSED, or superseded once a later refill gives the dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientDates } from '../clinic/patient-dates.ts';
import { dayText } from '../therapy/date-text.ts';
import { API_BACKENDS, emailOf, START, startApi, type TestApi } from '../server/test-support.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const DAY = 86_400_000;
/** The refill visit booked after the refill, 19 days on, and missed. */
const BOOKED = START + 19 * DAY;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`a passed refill-by date on paper (${backend.name})`, () => {
    let api: TestApi;
    /** A nurse's refill of patient A now: 3 mL drained as calculated, 18 mL of baclofen 500 mcg/mL added. */
    const refillNow = async (lot: string) => {
      const nurse = (await api.store.findUserForLogin(emailOf('nurse')))!.user;
      await api.store.recordRefill(
        {
          patientId: api.patientA.id,
          implantId: api.implantA.id,
          at: api.clock.t,
          expectedResidualNl: 3_000_000,
          measuredResidualNl: 3_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 500_000,
          lot,
          volumeAddedNl: 18_000_000,
        },
        { actor: `user:${nurse.id}` },
      );
    };
    beforeAll(async () => {
      api = await startApi(backend, { sessionTtlMs: 365 * DAY });
      const nurse = (await api.store.findUserForLogin(emailOf('nurse')))!.user;
      const ctx = { actor: `user:${nurse.id}` };
      const pid = api.patientA.id;
      await api.store.appendPrescription(
        pid,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 300 },
        { ...ctx, expectedHeadId: null },
      );
      expect(api.clock.t).toBe(START);
      await refillNow('L-1');
      api.clock.t += 60_000;
      await api.store.bookAppointment(
        { patientId: pid, implantId: api.implantA.id, kind: 'refill', at: BOOKED, durationMinutes: 30 },
        ctx,
      );
      // 18 mL at 0.6 mL/day: a month on, the refill-by date and the booked visit have passed.
      api.clock.t += 31 * DAY;
    });
    afterAll(() => api.dispose());

    const paper = async (what: 'emergency-card' | 'session-summary') => {
      const res = await api.call('physician', 'GET', `/api/v1/patients/${api.patientA.id}/${what}.pdf`);
      expect(res.statusCode, res.body).toBe(200);
      return (await readPdf(res.rawPayload)).text.join(' ');
    };

    it('session summary printed a passed refill-by date bare beside the emergency card’s PASSED after a month skipped: both say it passed', async () => {
      const { refillBy } = await patientDates(
        api.store,
        api.patientA.id,
        { actor: 'system:test' },
        api.clock.t,
      );
      expect(refillBy).not.toBeNull();
      expect(refillBy!).toBeLessThan(api.clock.t);
      const day = dayText(refillBy!, 'UTC');
      const card = await paper('emergency-card');
      expect(hasPhrase(card, `Refill due by ${day} (PASSED: call the clinic today)`), card).toBe(true);
      const summary = await paper('session-summary');
      expect(hasPhrase(summary, `Refill by ${day} (PASSED: the refill is overdue)`), summary).toBe(true);
    });
    it('emergency card said "no appointment booked" for a refill visit booked and missed, which the patient page and the patient’s own view call missed: it prints the visit, missed', async () => {
      const card = await paper('emergency-card');
      const missed = `Booked ${dayText(BOOKED, 'UTC')} (MISSED, no refill since: call the clinic today)`;
      expect(hasPhrase(card, missed), card).toBe(true);
      expect(card).not.toMatch(/no appointment booked/);
      const dates = await api.call('nurse', 'GET', `/api/v1/patients/${api.patientA.id}/dates`);
      expect(dates.json<{ passedBooking: { at: number } | null }>().passedBooking?.at).toBe(BOOKED);
    });

    it('refill report printed after a month skipped gave its refill-by and next appointment bare, beside the card’s PASSED: it says them passed, and superseded once the pump is refilled again', async () => {
      const pid = api.patientA.id;
      const report = async () => {
        const refill = (await api.store.listRefills(pid, { actor: 'system:test' }))[0]!;
        const res = await api.call(
          'nurse',
          'GET',
          `/api/v1/refills/${refill.id}/report.pdf?patientId=${pid}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        return (await readPdf(res.rawPayload)).text.join(' ');
      };
      const { refillBy } = await patientDates(api.store, pid, { actor: 'system:test' }, START);
      const day = dayText(refillBy!, 'UTC');
      const passed = await report();
      expect(hasPhrase(passed, `Refill by ${day} (PASSED: the refill is overdue)`), passed).toBe(true);
      expect(passed).toMatch(/Next appointment .*\(PASSED, no refill since\)/);

      await refillNow('L-2');
      const superseded = await report();
      const again = dayText(api.clock.t, 'UTC');
      expect(
        hasPhrase(superseded, `Refill by ${day} (superseded: refilled again ${again})`),
        superseded,
      ).toBe(true);
      expect(superseded).not.toMatch(/PASSED/);
    });
  });
}
