/**
 * The printed session summary through the real app (SQLite; PostgreSQL too with ITB_TEST_PG_URL): the
 * text a reader extracts from the PDF (PDF.js) names the patient and pump, each step of the visit with its
 * change before → after in the Finish screen's words, the refill reconciliation, the refill-by date of the
 * one projection, the open alerts and the staff by name, in the clinic's zone; a step of another clinic
 * day is not in it; a malformed day is refused.
 */
import { calendarDayText, dayText } from '../therapy/date-text.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientDates } from '../clinic/patient-dates.ts';
import { API_BACKENDS, emailOf, START, startApi, type TestApi } from '../server/test-support.ts';
import { changeText } from '../programmer/change-text.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const ZONE = 'Europe/Prague';
const H = 3_600_000;
const rx = (dose: number) => ({
  mode: 'simple-continuous' as const,
  drug: 'baclofen' as const,
  concentrationMcgPerMl: 500,
  doseMcgPerDay: dose,
});
const status = { reservoir: 12_000_000, batteryPercent: 81, alarms: [], suspended: false, bolusRemaining: 0 };
const DOSE_CHANGE = { path: 'doseMcgPerDay', before: 300, after: 330 };

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`the session summary PDF on ${backend.name}`, () => {
    let api: TestApi;
    const before = process.env['ITB_TIME_ZONE'];
    beforeAll(async () => {
      process.env['ITB_TIME_ZONE'] = ZONE;
      api = await startApi(backend);
      api.clock.t = START + 3 * H; // 04:00 CET on 1 Jan 2024
      const nurse = (await api.store.findUserForLogin(emailOf('nurse')))!.user;
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      const pid = api.patientA.id;
      const implantId = api.implantA.id;
      const head = await api.store.appendPrescription(pid, rx(300), {
        actor: `user:${physician.id}`,
        expectedHeadId: null,
      });
      // The evening before (23:00 CET on 31 Dec): another clinic day, not in today's summary.
      await api.store.recordProgrammingSession(
        {
          patientId: pid,
          implantId,
          at: START - 2 * H,
          interrogation: { workflow: 'interrogate', snapshot: { status, prescription: rx(290) } },
          diff: [],
        },
        { actor: `user:${nurse.id}` },
      );
      await api.store.appendPrescription(pid, rx(330), {
        actor: `user:${physician.id}`,
        expectedHeadId: head.id,
        justification: 'spasms at night',
      });
      await api.store.recordProgrammingSession(
        {
          patientId: pid,
          implantId,
          at: START + H,
          interrogation: {
            workflow: 'titrate',
            snapshot: { status, prescription: rx(300) },
            write: {
              status: 'verified',
              readBack: { snapshot: { status, prescription: rx(330) } },
            },
          },
          diff: [DOSE_CHANGE],
          guardrail: { verdict: 'warn', reasons: [] },
          justification: 'spasms at night',
        },
        { actor: `user:${physician.id}` },
      );
      await api.store.recordRefill(
        {
          patientId: pid,
          implantId,
          at: START + 2 * H,
          expectedResidualNl: 3_000_000,
          measuredResidualNl: 2_800_000,
          drug: 'baclofen',
          concentrationNgPerMl: 500_000,
          lot: 'LOT-77',
          volumeAddedNl: 18_000_000,
        },
        { actor: `user:${nurse.id}` },
      );
      await api.store.raiseAlert(
        {
          patientId: pid,
          kind: 'other',
          severity: 'warning',
          message: 'check the wound at the next visit',
        },
        { actor: `user:${nurse.id}` },
      );
    });
    afterAll(async () => {
      if (before === undefined) delete process.env['ITB_TIME_ZONE'];
      else process.env['ITB_TIME_ZONE'] = before;
      await api.dispose();
    });

    const summaryText = async (query = '') => {
      const res = await api.call(
        'physician',
        'GET',
        `/api/v1/patients/${api.patientA.id}/session-summary.pdf${query}`,
      );
      expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/pdf']);
      const pdf = await readPdf(res.rawPayload);
      expect(pdf.marked).toBe(true);
      // PDF/UA like the card and the refill report: nothing on a page outside the structure tree or an artifact.
      expect([pdf.pdfUaPart, pdf.untagged]).toEqual(['1', []]);
      return pdf.text.join(' ');
    };

    it("prints the patient, the pump, the visit's change before → after with units, the reconciliation and the people by name", async () => {
      const text = await summaryText();
      const p = api.patientA;
      for (const phrase of [
        p.name,
        `MRN ${p.mrn}`,
        `born ${calendarDayText(p.birthDate)}`,
        `serial ${api.implantA.pumpSerial}`,
        'battery 81 %',
        'Clinic day Mon 1 Jan 2024',
        // The Finish screen's own words for the change (src/programmer/change-text.ts).
        changeText(DOSE_CHANGE),
        'Verified: the pump read back the new programme exactly.',
        'spasms at night',
        'Guardrail WARNING - overridden, justification below',
        'Dose change - Mon 1 Jan 2024 02:00 CET - Test physician',
        'Refill reconciliation - Mon 1 Jan 2024 03:00 CET - Test nurse',
        'LOT-77',
        '2.8 mL',
        '-0.2 mL of a 20 mL reservoir',
        'Volume added 18 mL',
        'check the wound at the next visit',
      ])
        expect(hasPhrase(text, phrase), `"${phrase}" in: ${text}`).toBe(true);
      expect(text).not.toMatch(/user:/);
      expect(text).not.toMatch(/UTC/);
    });

    it('prints the refill-by date the one projection gives now (the date the board and patient page show)', async () => {
      const dates = await patientDates(api.store, api.patientA.id, { actor: 'system:test' }, api.clock.t);
      expect(dates.refillBy).not.toBeNull();
      const text = await summaryText();
      expect(hasPhrase(text, `Refill by ${dayText(dates.refillBy!, ZONE)}`), text).toBe(true);
    });

    it("leaves out another clinic day's steps, and prints that day on its own when asked", async () => {
      const today = await summaryText();
      expect(hasPhrase(today, 'Interrogation -'), today).toBe(false);
      const eve = await summaryText('?day=2023-12-31');
      expect(hasPhrase(eve, 'Interrogation - Sun 31 Dec 2023 23:00 CET - Test nurse'), eve).toBe(true);
      expect(hasPhrase(eve, changeText(DOSE_CHANGE)), eve).toBe(false);
    });

    it('a day after today is refused with a clear error (finding: an empty summary printed for a future day)', async () => {
      // 04:00 CET on 1 Jan 2024: the clinic's today is 2024-01-01 (UTC still says 2024-01-01 too, 03:00).
      const later = await api.call(
        'physician',
        'GET',
        `/api/v1/patients/${api.patientA.id}/session-summary.pdf?day=2024-01-02`,
      );
      expect(later.statusCode).toBe(400);
      expect(later.body).toContain('ITB_E_INVALID_INPUT');
      expect(later.body).toContain('day=2024-01-02 is after today (Mon 1 Jan 2024 in Europe/Prague)');
      expect(await summaryText('?day=2024-01-01')).toContain('Clinic day Mon 1 Jan 2024');
    });

    it('a user id with no account on record prints as such, never as "user:<id>" taken for a name', async () => {
      await api.store.recordProgrammingSession(
        {
          patientId: api.patientA.id,
          implantId: api.implantA.id,
          at: START - 30 * H, // 30 Dec 2023 in Prague
          interrogation: { workflow: 'interrogate', snapshot: { status, prescription: rx(290) } },
          diff: [],
        },
        { actor: 'user:seeded-ghost' },
      );
      const text = await summaryText('?day=2023-12-30');
      expect(hasPhrase(text, 'deleted user seeded-ghost'), text).toBe(true);
      expect(text).not.toMatch(/user:/);
    });

    it('refuses a malformed day with a clear error, and a viewer-less patient account cannot print it', async () => {
      const bad = await api.call(
        'physician',
        'GET',
        `/api/v1/patients/${api.patientA.id}/session-summary.pdf?day=31/12/2023`,
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toMatch(/ITB_E_/);
      const patient = await api.call(
        'patient',
        'GET',
        `/api/v1/patients/${api.patientA.id}/session-summary.pdf`,
      );
      expect(patient.statusCode).toBe(403);
    });
  });
}
