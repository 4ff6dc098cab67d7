/**
 * The care pathway's records (migration 0005_pathway_records) on SQLite and PostgreSQL: evaluations and
 * post-operative checks round trip and are audited, the trial checklist is enforced where trials are
 * recorded and booked (nothing written when refused), and both tables are append-only.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../store-test-harness.ts';
import { useFreshStore } from '../fresh-store.test-support.ts';
import { DOCTOR, NURSE, auditCount, implantInput, patientInput } from '../store-test-fixtures.ts';
import { evaluationInput, postOpCheckInput, proceedDecision } from './pathway-fixtures.ts';

const T0 = Date.UTC(2024, 2, 1, 9);
const HOUR = 3_600_000;
const trial = (patientId: string, at: number) => ({
  patientId,
  at,
  doseNg: 50_000,
  concentrationNgPerMl: 50_000,
  volumeNl: 1_000_000,
  method: 'lumbar-puncture' as const,
  assessments: [],
  responded: true,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `care pathway records — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      it('trial booked before the decision: recording or booking a trial is refused until the team decides to proceed', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const book = {
          patientId: p.id,
          at: T0 + 48 * HOUR,
          kind: 'screening-trial' as const,
          durationMinutes: 480,
        };
        const refused = { code: 'ITB_E_PATHWAY_NO_TEAM_DECISION' };
        await expect(fresh.store.recordTrial(trial(p.id, T0), DOCTOR)).rejects.toMatchObject(refused);
        await expect(fresh.store.bookAppointment(book, NURSE)).rejects.toMatchObject(refused);

        await fresh.store.recordEvaluation(evaluationInput(p.id, T0, null), DOCTOR);
        await expect(fresh.store.recordTrial(trial(p.id, T0 + HOUR), DOCTOR)).rejects.toMatchObject(refused);
        await fresh.store.recordEvaluation(
          evaluationInput(p.id, T0 + HOUR, { ...proceedDecision(T0 + HOUR), outcome: 'defer' }),
          DOCTOR,
        );
        await expect(fresh.store.bookAppointment(book, NURSE)).rejects.toMatchObject(refused);
        expect(await fresh.store.listTrials(p.id, DOCTOR)).toEqual([]);
        expect(await fresh.store.listAppointments({ patientId: p.id }, NURSE)).toEqual([]);

        await fresh.store.recordEvaluation(evaluationInput(p.id, T0 + 2 * HOUR), DOCTOR);
        await fresh.store.bookAppointment(book, NURSE);
        const t = await fresh.store.recordTrial(trial(p.id, T0 + 3 * HOUR), DOCTOR);
        expect(await fresh.store.listTrials(p.id, DOCTOR)).toEqual([t]);
      });

      it('a trial syringe typed "50 mg/mL" for the 50 mcg/mL ampoule was recorded as a 0.001 mL bolus: a strength the library does not list for baclofen is refused, nothing written', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        await fresh.store.recordEvaluation(evaluationInput(p.id, T0), DOCTOR);
        const slip = { ...trial(p.id, T0 + HOUR), concentrationNgPerMl: 50_000_000, volumeNl: 1_000 };
        const refused = await fresh.store.recordTrial(slip, DOCTOR).then(
          () => null,
          (e: unknown) => e as { code: string; message: string },
        );
        expect(refused?.code).toBe('ITB_E_CONCENTRATION_NOT_IN_LIBRARY');
        expect(refused?.message).toMatch(/allowed: 50; 500; 1,000 or 2,000 mcg\/mL/);
        expect(await fresh.store.listTrials(p.id, DOCTOR)).toEqual([]);
        await fresh.store.recordTrial(trial(p.id, T0 + 2 * HOUR), DOCTOR);
      });

      it('a trial saved "Responded" with every MAS after the bolus at the baseline (3, 3, 3, 3) and no note made the pathway read "ready for implant": refused unless the note says what responded', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        await fresh.store.recordEvaluation(evaluationInput(p.id, T0), DOCTOR);
        const flat = [0, 60, 120, 240].map((minutesAfterDose) => ({
          minutesAfterDose,
          mas: [{ muscleGroup: 'hip adductors', side: 'bilateral' as const, grade: '3' as const }],
        }));
        const unshown = { ...trial(p.id, T0 + HOUR), assessments: flat, effectHours: 6 };
        const refused = await fresh.store.recordTrial(unshown, DOCTOR).then(
          () => null,
          (e: unknown) => e as { code: string; message: string },
        );
        expect(refused?.code).toBe('ITB_E_INVALID_INPUT');
        expect(refused?.message).toMatch(/no score after the bolus is below the baseline/);
        expect(await fresh.store.listTrials(p.id, DOCTOR)).toEqual([]);
        // What responded, said in the notes (spasms, function), is the clinician's call: recorded.
        await fresh.store.recordTrial({ ...unshown, notes: 'spasms at night stopped for 6 h' }, DOCTOR);
        // A fall below the baseline shows the response.
        const fell = flat.map((a, i) =>
          i === 2 ? { ...a, mas: [{ ...a.mas[0]!, grade: '1+' as const }] } : a,
        );
        await fresh.store.recordTrial({ ...unshown, at: T0 + 30 * HOUR, assessments: fell }, DOCTOR);
        expect(await fresh.store.listTrials(p.id, DOCTOR)).toHaveLength(2);
      });

      it('evaluations round trip oldest first and are audited; bad input and an infected "proceed" change nothing', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const later = await fresh.store.recordEvaluation(evaluationInput(p.id, T0 + HOUR), DOCTOR);
        const earlier = await fresh.store.recordEvaluation(evaluationInput(p.id, T0, null), NURSE);
        expect(later).toMatchObject({
          patientId: p.id,
          decision: { outcome: 'proceed-to-trial' },
          notes: '',
        });
        const before = await auditCount(fresh.db.raw);
        await expect(
          fresh.store.recordEvaluation(evaluationInput(p.id, T0, null, { goals: [] }), DOCTOR),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        const infected = evaluationInput(p.id, T0);
        await expect(
          fresh.store.recordEvaluation(
            { ...infected, contraindications: { ...infected.contraindications, activeInfection: true } },
            DOCTOR,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_PATHWAY_CONTRAINDICATED' });
        expect(await auditCount(fresh.db.raw)).toBe(before);
        expect(await fresh.store.listEvaluations(p.id, NURSE)).toEqual([earlier, later]);
        const audit = await fresh.store.auditTrail({ entity: 'evaluation' }, { actor: 'user:admin' });
        expect(audit.map((a) => a.action)).toEqual(['create', 'create', 'list']);
      });

      it('post-operative checks name their implant, round trip, and refuse another patient’s implant', async () => {
        const p = await fresh.store.createPatient(patientInput(1), NURSE);
        const q = await fresh.store.createPatient(patientInput(2), NURSE);
        const implant = await fresh.store.addImplant(implantInput(p.id), DOCTOR);
        const check = await fresh.store.recordPostOpCheck(postOpCheckInput(p.id, implant.id, T0), NURSE);
        expect(check).toMatchObject({
          implantId: implant.id,
          completes: ['wound-check'],
          temperatureC: 36.8,
        });
        await expect(
          fresh.store.recordPostOpCheck(postOpCheckInput(q.id, implant.id, T0), NURSE),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_REFERENCE' });
        expect(await fresh.store.listPostOpChecks(p.id, NURSE)).toEqual([check]);
        expect(await fresh.store.patientOfRecord(check.id)).toBe(p.id);
      });

      it('post-op concerns raise no alert: a check with fever raises a critical alert for nurses and physicians in the same write; a clean check raises none', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const implant = await fresh.store.addImplant(implantInput(p.id), DOCTOR);
        await fresh.store.recordPostOpCheck(postOpCheckInput(p.id, implant.id, T0), NURSE);
        expect(await fresh.store.listAlerts({ patientId: p.id }, NURSE)).toEqual([]);
        const fever = { ...postOpCheckInput(p.id, implant.id, T0 + HOUR, []), temperatureC: 38.6 };
        const check = await fresh.store.recordPostOpCheck(fever, NURSE);
        for (const role of ['nurse', 'physician'] as const) {
          expect(await fresh.store.listAlerts({ patientId: p.id, forRole: role }, NURSE)).toMatchObject([
            { kind: 'postop-concern', severity: 'critical', implantId: implant.id, since: T0 + HOUR },
          ]);
        }
        expect((await fresh.store.listAlerts({ patientId: p.id }, NURSE))[0]?.message).toMatch(/fever 38.6/);
        // A refused check (another patient's implant) raises nothing either.
        const q = await fresh.store.createPatient(patientInput(2), NURSE);
        await expect(
          fresh.store.recordPostOpCheck({ ...fever, patientId: q.id }, NURSE),
        ).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_REFERENCE',
        });
        expect(await fresh.store.listAlerts({ patientId: q.id }, NURSE)).toEqual([]);
        expect(check.temperatureC).toBe(38.6);
      });

      it('the pathway tables are append-only in the database', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        await fresh.store.recordEvaluation(evaluationInput(p.id, T0), DOCTOR);
        const implant = await fresh.store.addImplant(implantInput(p.id), DOCTOR);
        await fresh.store.recordPostOpCheck(postOpCheckInput(p.id, implant.id, T0), NURSE);
        const out = { patientId: p.id, implantId: implant.id, at: T0, reason: 'infection' as const };
        await fresh.store.recordExplant({ ...out, catheter: 'removed', replacementImplantId: null }, DOCTOR);
        for (const table of ['candidacy_evaluations', 'postop_checks', 'explants']) {
          await expect(fresh.db.raw.exec(`update ${table} set body = '{}'`)).rejects.toThrow(/append-only/);
          await expect(fresh.db.raw.exec(`delete from ${table}`)).rejects.toThrow(/append-only/);
        }
      });
    },
  );
}
