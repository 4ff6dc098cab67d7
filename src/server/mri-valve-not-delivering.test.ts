/**
 * After an MRI, a valve-gated pump delivers nothing until it is interrogated and reset (docs/workflows.md
 * "MRI preparation and follow-up"; docs/clinical-reference.md §3 MRI). Walking the demo, a Prometra-like pump
 * just scanned read on the patient page as delivering 165 mcg/day, and the board ranked it below the
 * overdue, with only the follow-up alert saying otherwise. Through the real app (buildApp, its
 * authorization and error handler), on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPhrase, readPdf } from '../reports/pdf-read.test-support.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, START, startApi, type TestApi } from './test-support.ts';

const HOUR = 3_600_000;
const sys = { actor: 'system:test' };

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `a valve pump after MRI — ${backend.skip ?? backend.name}`,
    () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startApi(backend);
      });
      afterAll(() => api.dispose());

      /** A scanned patient's board row, dates and emergency card text. */
      const surfaces = async (patientId: string) => {
        const row = (await api.call('nurse', 'GET', '/api/v1/board'))
          .json<{ rows: { patientId: string; stoppedSince: number | null }[] }>()
          .rows.find((r) => r.patientId === patientId);
        const dates = (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`)).json<{
          notDelivering: { since: number; causes: string[] } | null;
        }>();
        const card = await api.call('physician', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
        return { row, dates, card: (await readPdf(card.rawPayload)).text.join(' ') };
      };

      it('a valve-gated pump scanned in an MRI, which delivers nothing until it is interrogated and reset, read as delivering its dose on the board, the patient dates and the emergency card: all say not delivering since the scan until the interrogation after it', async () => {
        const patient = await api.store.createPatient(patientInput(51), sys);
        const implant = await api.store.addImplant(
          implantInput(patient.id, 'VALVE-51', { deviceProfileId: 'valve-20' }),
          sys,
        );
        await api.store.appendPrescription(
          patient.id,
          { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 400 },
          { ...sys, expectedHeadId: null, implantId: implant.id },
        );
        const P = `/api/v1/patients/${patient.id}`;
        const interrogate = (at: number) =>
          api.store.recordProgrammingSession(
            {
              patientId: patient.id,
              implantId: implant.id,
              at,
              interrogation: {
                workflow: 'interrogate',
                snapshot: { status: { alarms: [], mode: 'simple-continuous' } },
              },
              diff: [],
            },
            { actor: 'user:nurse-1' },
          );
        await interrogate(START - 2 * HOUR);
        const before = await surfaces(patient.id);
        expect(before.row?.stoppedSince).toBeNull();
        expect(before.dates.notDelivering).toBeNull();

        const scan = (
          await api.call('nurse', 'POST', `${P}/implants/${implant.id}/mri`, { plannedFor: START })
        ).json<{ id: string }>();
        await api.call('physician', 'POST', `${P}/mri/${scan.id}/acceptance`, {
          justification: 'the small bolus of the closing valve is judged safe at 500 mcg/mL',
        });
        expect((await api.call('nurse', 'POST', `${P}/mri/${scan.id}/ready`, {})).statusCode).toBe(201);
        const scanAt = START - HOUR;
        expect((await api.call('nurse', 'POST', `${P}/mri/${scan.id}/done`, { at: scanAt })).statusCode).toBe(
          201,
        );

        const scanned = await surfaces(patient.id);
        expect(scanned.row?.stoppedSince).toBe(scanAt);
        expect(scanned.dates.notDelivering?.since).toBe(scanAt);
        expect(scanned.dates.notDelivering?.causes.join(' ')).toMatch(
          /the valve closes in the field and delivers nothing/,
        );
        expect(hasPhrase(scanned.card, 'NOT DELIVERING since'), scanned.card).toBe(true);
        // The follow-up is a sentence; the card's line goes on without a doubled full stop.
        expect(scanned.card).not.toMatch(/\.\s*\./);

        // An interrogation dated before the scan says nothing of the pump after it; the one after it does.
        await interrogate(scanAt - HOUR / 2);
        expect((await surfaces(patient.id)).row?.stoppedSince).toBe(scanAt);
        await interrogate(scanAt + HOUR / 2);
        const after = await surfaces(patient.id);
        expect(after.row?.stoppedSince).toBeNull();
        expect(after.dates.notDelivering).toBeNull();
      });
    },
  );
}
