/**
 * A new prescription described as what is in the pump before the refill that brings it in (walk of the
 * demo: Grace Hopper's new prescription of 2,000 mcg/mL while her pump still held 1,000 mcg/mL; her
 * emergency card printed "Concentration 2,000 mcg/mL" and her own view "The medicine in the pump has" the
 * new strength, while the session summary printed at the same moment said the pump ran 1,000 mcg/mL).
 * What the pump holds and runs is now one statement of the patient's dates (clinic/pump-contents.ts
 * `pumpTherapy`): the card, the patient's own view (GET …/dates) and the patient page read it, and the
 * new prescription is said as what the next refill brings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PumpTherapy } from '../clinic/pump-contents.ts';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const DAY = 86_400_000;

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `a new concentration before its refill (${backend.name})`,
    () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startApi(backend, { sessionTtlMs: 365 * DAY });
        const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
        const ctx = { actor: `user:${physician.id}` };
        // The prescription the pump runs was written by another physician than the new one.
        const former = await api.store.createUser(
          {
            email: 'former@clinic.example',
            name: 'Former physician',
            role: 'physician',
            passwordHash: 'not-for-login',
            patientId: null,
          },
          { actor: 'system:test' },
        );
        const pid = api.patientA.id;
        const first = await api.store.appendPrescription(
          pid,
          { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 1000, doseMcgPerDay: 300 },
          { actor: `user:${former.id}`, expectedHeadId: null },
        );
        await api.store.recordRefill(
          {
            patientId: pid,
            implantId: api.implantA.id,
            at: api.clock.t,
            expectedResidualNl: 3_000_000,
            measuredResidualNl: 3_000_000,
            drug: 'baclofen',
            concentrationNgPerMl: 1_000_000,
            lot: 'L-1',
            volumeAddedNl: 18_000_000,
          },
          ctx,
        );
        api.clock.t += DAY;
        // The physician's new concentration: in force on record, in the pump only from the next refill.
        await api.store.appendPrescription(
          pid,
          { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 300 },
          { ...ctx, expectedHeadId: first.id },
        );
        api.clock.t += 60_000;
      });
      afterAll(() => api.dispose());

      it('emergency card printed the new prescription’s 2,000 mcg/mL as the pump’s concentration while the pump held 1,000 mcg/mL: it prints what is in the pump, and the new one as from the next refill', async () => {
        const res = await api.call(
          'physician',
          'GET',
          `/api/v1/patients/${api.patientA.id}/emergency-card.pdf`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const card = (await readPdf(res.rawPayload)).text.join(' ');
        expect(hasPhrase(card, 'Concentration 1,000 mcg/mL (in the pump now)'), card).toBe(true);
        expect(hasPhrase(card, 'Concentration 2,000 mcg/mL'), card).toBe(false);
        expect(
          hasPhrase(card, 'From next refill 2,000 mcg/mL, 300 mcg/day (prescribed, not yet in the pump)'),
          card,
        ).toBe(true);
      });

      it('emergency card’s "Prescribed by" named the pending prescription’s physician (recorded for the next refill) rather than who prescribed what the pump runs: it names the prescriber of what the pump runs, the pending one apart', async () => {
        const res = await api.call(
          'physician',
          'GET',
          `/api/v1/patients/${api.patientA.id}/emergency-card.pdf`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const card = (await readPdf(res.rawPayload)).text.join(' ');
        expect(hasPhrase(card, 'Prescribed by Former physician (physician)'), card).toBe(true);
        expect(hasPhrase(card, 'Prescribed by Test physician'), card).toBe(false);
        expect(hasPhrase(card, 'Next prescribed by Test physician (physician)'), card).toBe(true);
      });

      it('patient’s own view said "Prescribed by" the pending prescription’s physician: it names who prescribed what the pump runs, the pending one apart', async () => {
        const res = await api.call('patient', 'GET', `/api/v1/patients/${api.patientA.id}/care-names`);
        expect(res.statusCode, res.body).toBe(200);
        const names = res.json<{
          prescribedBy: { name: string } | null;
          pendingPrescribedBy: { name: string } | null;
        }>();
        expect(names.prescribedBy?.name).toBe('Former physician');
        expect(names.pendingPrescribedBy?.name).toBe('Test physician');
      });

      it('patient’s own view said the medicine in the pump has the new prescription’s strength before its refill: the dates it reads say what the pump runs, the new one pending', async () => {
        const res = await api.call('patient', 'GET', `/api/v1/patients/${api.patientA.id}/dates`);
        expect(res.statusCode, res.body).toBe(200);
        const { therapy } = res.json<{ therapy: PumpTherapy | null }>();
        expect(therapy?.runs).toMatchObject({ concentrationMcgPerMl: 1000, doseMcgPerDay: 300 });
        expect(therapy?.pending).toMatchObject({ concentrationMcgPerMl: 2000 });
      });

      it('the session summary printed at the same moment says the pump runs 1,000 mcg/mL, as the card does', async () => {
        const res = await api.call(
          'physician',
          'GET',
          `/api/v1/patients/${api.patientA.id}/session-summary.pdf`,
        );
        expect(res.statusCode, res.body).toBe(200);
        const summary = (await readPdf(res.rawPayload)).text.join(' ');
        expect(summary).not.toMatch(/2,000 mcg\/mL/);
      });
    },
  );
}
