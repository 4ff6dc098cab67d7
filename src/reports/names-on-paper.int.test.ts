/**
 * I13 names: every surface other than the refill report that says who did something names the person through
 * the one resolver (clinic/actor-names.ts), never a user id — the emergency card's "Prescribed by" (read from
 * the real PDF with PDF.js) and the patient's own view (GET …/care-names: who prescribed, who refilled last),
 * with "deleted user <id>" for an account no longer on record. Through the real app, SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, startApi, type TestApi } from '../server/test-support.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const rx = {
  mode: 'simple-continuous' as const,
  drug: 'baclofen' as const,
  concentrationMcgPerMl: 500,
  doseMcgPerDay: 300,
};

let api: TestApi | undefined;
afterEach(async () => {
  await api?.dispose();
  api = undefined;
});

/** The patient's prescription by `prescriber` and a refill by `refiller` (actors as recorded). */
async function treated(a: TestApi, prescriber: string, refiller: string): Promise<void> {
  const pid = a.patientA.id;
  await a.store.appendPrescription(pid, rx, { actor: prescriber, expectedHeadId: null });
  await a.store.recordRefill(
    {
      patientId: pid,
      implantId: a.implantA.id,
      at: a.clock.t,
      expectedResidualNl: 3_000_000,
      measuredResidualNl: 2_900_000,
      drug: 'baclofen',
      concentrationNgPerMl: 500_000,
      lot: 'L-13',
      volumeAddedNl: 17_000_000,
    },
    { actor: refiller },
  );
}

const cardText = async (a: TestApi, who: 'patient' | 'nurse') => {
  const res = await a.call(who, 'GET', `/api/v1/patients/${a.patientA.id}/emergency-card.pdf`);
  expect(res.statusCode).toBe(200);
  return (await readPdf(res.rawPayload)).text.join(' ');
};

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`I13 names on ${backend.name}`, () => {
    it('I13 names: the emergency card names the prescriber by the one resolver, never a user id', async () => {
      api = await startApi(backend);
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      const nurse = (await api.store.findUserForLogin(emailOf('nurse')))!.user;
      await treated(api, `user:${physician.id}`, `user:${nurse.id}`);
      for (const who of ['patient', 'nurse'] as const) {
        const text = await cardText(api, who);
        expect(hasPhrase(text, 'Prescribed by Test physician (physician)'), text).toBe(true);
        expect(text).not.toMatch(/user:/);
      }
    });

    it('I13 names: the emergency card names a removed prescriber "deleted user <id>"', async () => {
      api = await startApi(backend);
      await treated(api, 'user:gone-47d6', 'user:gone-47d6');
      const text = await cardText(api, 'patient');
      expect(hasPhrase(text, 'Prescribed by deleted user gone-47d6'), text).toBe(true);
      expect(text).not.toMatch(/user:/);
    });

    it("I13 names: the patient's own view names who prescribed and who refilled, and no one else's record", async () => {
      api = await startApi(backend);
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      await treated(api, `user:${physician.id}`, 'user:gone-47d6');
      const res = await api.call('patient', 'GET', `/api/v1/patients/${api.patientA.id}/care-names`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        prescribedBy: { actor: `user:${physician.id}`, name: 'Test physician', role: 'physician' },
        prescribedAt: api.clock.t,
        pendingPrescribedBy: null,
        lastRefill: {
          at: api.clock.t,
          by: { actor: 'user:gone-47d6', name: 'deleted user gone-47d6', role: null },
        },
      });
      // Another patient's account cannot read it; an unknown patient is not found.
      const other = await api.call('patientB', 'GET', `/api/v1/patients/${api.patientA.id}/care-names`);
      expect(other.statusCode).toBe(403);
      const none = await api.call('nurse', 'GET', '/api/v1/patients/no-such-patient/care-names');
      expect(none.statusCode).toBe(404);
    });

    it("the patient's own view gave a changed dose but not since when: care-names says when what the pump runs was prescribed", async () => {
      api = await startApi(backend);
      const physician = (await api.store.findUserForLogin(emailOf('physician')))!.user;
      await treated(api, `user:${physician.id}`, `user:${physician.id}`);
      const first = (await api.store.currentPrescription(api.patientA.id, { actor: 'system:test' }))!;
      api.clock.t += 3 * 3_600_000;
      const changedAt = api.clock.t;
      await api.store.appendPrescription(
        api.patientA.id,
        { ...rx, doseMcgPerDay: 330 },
        { actor: `user:${physician.id}`, expectedHeadId: first.id },
      );
      const res = await api.call('patient', 'GET', `/api/v1/patients/${api.patientA.id}/care-names`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<{ prescribedAt: number | null }>().prescribedAt).toBe(changedAt);
    });
  });
}
