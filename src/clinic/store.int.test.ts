/**
 * The clinic store suite, part 1: every operation round-trips, on SQLite and on PostgreSQL (the latter
 * skipped with a message when ITB_TEST_PG_URL is unset). Part 2 (store-integrity.int.test.ts) covers the
 * audit chain, tampering, failures, concurrency and migrations.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { evaluationInput } from './pathway/pathway-fixtures.ts';
import {
  DOCTOR,
  LINK_SECRET,
  NURSE,
  auditCount,
  continuous,
  implantInput,
  patientInput,
  patientWithImplant,
} from './store-test-fixtures.ts';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `clinic store round trips — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      it('users: create, view, login lookup; unique e-mail; patient accounts link to a patient', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const admin = await fresh.store.createUser(
          { email: 'Admin@Clinic.example', name: 'Ada', role: 'admin', passwordHash: '$argon2id$v=19$fake' },
          { actor: 'system:setup' },
        );
        expect(admin).toMatchObject({ email: 'admin@clinic.example', role: 'admin', patientId: null });
        expect(admin).not.toHaveProperty('passwordHash');
        const pu = await fresh.store.createUser(
          {
            email: 'ann@example.org',
            name: 'Ann',
            role: 'patient',
            passwordHash: 'hash-of-ann-password',
            patientId: p.id,
          },
          NURSE,
        );
        expect(await fresh.store.getUser(pu.id, NURSE)).toEqual(pu);
        expect(await fresh.store.findUserForLogin(' ADMIN@clinic.example ')).toEqual({
          user: admin,
          passwordHash: '$argon2id$v=19$fake',
        });
        expect(await fresh.store.findUserForLogin('nobody@x.org')).toBeUndefined();
        await expect(
          fresh.store.createUser(
            { email: 'admin@clinic.example', name: 'B', role: 'nurse', passwordHash: 'x'.repeat(20) },
            NURSE,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_DUPLICATE' });
        await expect(
          fresh.store.createUser(
            { email: 'p@x.org', name: 'P', role: 'patient', passwordHash: 'x'.repeat(20) },
            NURSE,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
      });

      it('patients: create, get, list by name; MRN unique; missing → NOT_FOUND', async () => {
        const b = await fresh.store.createPatient(patientInput(2, { name: 'Bea' }), NURSE);
        const a = await fresh.store.createPatient(
          patientInput(1, {
            name: 'Abe',
            etiology: 'cerebral',
            birthDate: '2018-05-01',
            ageBand: 'under-12',
            weightGrams: null,
          }),
          NURSE,
        );
        expect(await fresh.store.getPatient(a.id, DOCTOR)).toEqual(a);
        expect(a).toMatchObject({
          etiology: 'cerebral',
          ageBand: 'under-12',
          weightGrams: null,
          createdBy: NURSE.actor,
        });
        expect(b.highRisk.injuryAtT6OrAbove).toBe(true);
        expect((await fresh.store.listPatients(DOCTOR)).map((p) => p.name)).toEqual(['Abe', 'Bea']);
        await expect(fresh.store.createPatient(patientInput(2), NURSE)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_DUPLICATE',
        });
        await expect(fresh.store.getPatient('nope', DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_NOT_FOUND',
        });
        await expect(
          fresh.store.createPatient({ ...patientInput(3), birthDate: '1975-13-40' }, NURSE),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
      });

      it('implants: round trip without the keys; keys decrypt only through getImplantKeys', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        expect(implant).not.toHaveProperty('linkKeys');
        expect(await fresh.store.getImplant(implant.id, DOCTOR)).toEqual(implant);
        expect(await fresh.store.listImplants(patient.id, DOCTOR)).toEqual([implant]);
        const keys = await fresh.store.getImplantKeys(implant.id, DOCTOR);
        expect(keys).toEqual(implantInput(patient.id).linkKeys);
        await expect(
          fresh.store.addImplant(
            implantInput(patient.id, 'OTHER', { deviceProfileId: 'no-such-pump' }),
            DOCTOR,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_PUMP_UNKNOWN_PROFILE' });
        await expect(fresh.store.addImplant(implantInput(patient.id, 'SER-1'), DOCTOR)).rejects.toMatchObject(
          {
            code: 'ITB_E_CLINIC_DUPLICATE',
          },
        );
      });

      it('a catheter revision replaces the catheter record; the audit keeps the one before', async () => {
        const { implant } = await patientWithImplant(fresh.store);
        const next = { model: '8709SC', lengthMm: 400, volumeNl: 88_000, tipLevel: 'T8' };
        const after = await fresh.store.replaceCatheter(implant.id, next, DOCTOR);
        expect(after.catheter).toEqual(next);
        expect((await fresh.store.getImplant(implant.id, DOCTOR)).catheter).toEqual(next);
        const audit = await fresh.db.raw.all(`select details from audit_log where action = 'update'`);
        expect(JSON.parse(String(audit.at(-1)?.['details']))).toEqual({
          catheter: { before: implant.catheter, after: next },
        });
        // Bad input changes nothing: a volume above the profile's maximum, a malformed tip level.
        await expect(
          fresh.store.replaceCatheter(implant.id, { ...next, volumeNl: 10_000_000 }, DOCTOR),
        ).rejects.toMatchObject({ code: 'ITB_E_OUT_OF_RANGE' });
        await expect(
          fresh.store.replaceCatheter(implant.id, { ...next, tipLevel: 'T13' }, DOCTOR),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        await expect(fresh.store.replaceCatheter('no-such-implant', next, DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_NOT_FOUND',
        });
        expect((await fresh.store.getImplant(implant.id, DOCTOR)).catheter).toEqual(next);
      });

      it('link keys are not stored in plaintext, nor written to the audit trail', async () => {
        const { implant } = await patientWithImplant(fresh.store);
        const rows = await fresh.db.raw.all(
          `select link_keys_sealed from implants where id = '${implant.id}'`,
        );
        const sealed = String(rows[0]?.['link_keys_sealed']);
        expect(sealed).toMatch(/^v1:[0-9a-f]{16}:/);
        expect(sealed).not.toContain(LINK_SECRET);
        expect(Buffer.from(sealed.split(':')[4] ?? '', 'base64').toString('latin1')).not.toContain(
          LINK_SECRET,
        );
        const audit = await fresh.db.raw.all('select details from audit_log');
        expect(audit.some((r) => String(r['details']).includes(LINK_SECRET))).toBe(false);
      });

      it('a wrong key, or a ciphertext moved to another implant, does not decrypt', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        const other = await fresh.store.addImplant(implantInput(patient.id, 'SER-2'), DOCTOR);
        await fresh.store.close();
        fresh.store = await fresh.db.open({ secretKey: '22'.repeat(32) });
        await expect(fresh.store.getImplantKeys(implant.id, DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_DECRYPT',
        });
        await fresh.store.close();
        fresh.store = await fresh.db.open();
        // Implants are not append-only (a later explant date is an update), so this needs no guard removed.
        await fresh.db.raw.exec(
          `update implants set link_keys_sealed = (select link_keys_sealed from implants where id = '${implant.id}') ` +
            `where id = '${other.id}'`,
        );
        await expect(fresh.store.getImplantKeys(other.id, DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_DECRYPT',
        });
      });

      it('prescriptions: an append-only chain whose head is the prescription in force', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        expect(await fresh.store.currentPrescription(patient.id, DOCTOR)).toBeNull();
        const p1 = await fresh.store.appendPrescription(patient.id, continuous(300), {
          ...DOCTOR,
          expectedHeadId: null,
        });
        const p2 = await fresh.store.appendPrescription(patient.id, continuous(330), {
          ...DOCTOR,
          expectedHeadId: p1.id,
          implantId: implant.id,
        });
        const p3 = await fresh.store.appendPrescription(
          patient.id,
          { mode: 'stopped' },
          { ...DOCTOR, expectedHeadId: p2.id },
        );
        expect(p1).toMatchObject({ priorId: null, verdict: 'ok', prescription: continuous(300) });
        expect(p2).toMatchObject({ priorId: p1.id, implantId: implant.id });
        expect(await fresh.store.prescriptionChain(patient.id, DOCTOR)).toEqual([p1, p2, p3]);
        expect(await fresh.store.currentPrescription(patient.id, DOCTOR)).toEqual(p3);
      });

      it('prescriptions: a stale head is refused with its code and nothing is written', async () => {
        const { patient } = await patientWithImplant(fresh.store);
        const p1 = await fresh.store.appendPrescription(patient.id, continuous(300), {
          ...DOCTOR,
          expectedHeadId: null,
        });
        await fresh.store.appendPrescription(patient.id, continuous(320), {
          ...DOCTOR,
          expectedHeadId: p1.id,
        });
        const before = await auditCount(fresh.db.raw);
        // A second clinician still looking at p1 (CAS on the chain head).
        await expect(
          fresh.store.appendPrescription(patient.id, continuous(400), {
            actor: 'user:other',
            expectedHeadId: p1.id,
          }),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_STALE_HEAD', details: { expectedHeadId: p1.id } });
        await expect(
          fresh.store.appendPrescription(patient.id, continuous(400), { ...DOCTOR, expectedHeadId: null }),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_STALE_HEAD' });
        expect(await fresh.store.prescriptionChain(patient.id, DOCTOR)).toHaveLength(2);
        expect(await auditCount(fresh.db.raw)).toBe(before + 1); // only the chain view just above
      });

      it('prescriptions: validated by the therapy core — hard limits block, soft limits need a justification', async () => {
        const { patient } = await patientWithImplant(fresh.store);
        await expect(
          fresh.store.appendPrescription(
            patient.id,
            { mode: 'simple-continuous', drug: 'baclofen' },
            { ...DOCTOR, expectedHeadId: null },
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_PRESCRIPTION' });
        // 1000× a usual dose: a mg/mcg slip is a block (therapy/dose-check.ts).
        await expect(
          fresh.store.appendPrescription(patient.id, continuous(300_000), {
            ...DOCTOR,
            expectedHeadId: null,
          }),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_PRESCRIPTION' });
        // Above the usual adult-spinal range (300–800 mcg/day, label) but inside the hard range: a warning.
        await expect(
          fresh.store.appendPrescription(patient.id, continuous(900), { ...DOCTOR, expectedHeadId: null }),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_JUSTIFICATION_REQUIRED' });
        const p = await fresh.store.appendPrescription(patient.id, continuous(900), {
          ...DOCTOR,
          expectedHeadId: null,
          justification: 'tolerance; titrated over 6 months, MAS 3',
        });
        expect(p).toMatchObject({
          verdict: 'warn',
          justification: 'tolerance; titrated over 6 months, MAS 3',
        });
        expect(p.reasons.some((r) => r.severity === 'warn')).toBe(true);
      });

      it('programming sessions: snapshot and diff round trip; overrides need a justification', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        const rx = await fresh.store.appendPrescription(patient.id, continuous(300), {
          ...DOCTOR,
          expectedHeadId: null,
        });
        const input = {
          patientId: patient.id,
          implantId: implant.id,
          at: Date.UTC(2024, 2, 1, 9),
          interrogation: {
            reservoirMl: 12.5,
            mode: 'simple-continuous',
            alarms: [],
            battery: { eri: false },
          },
          diff: [{ path: 'dose', before: '280 mcg/day', after: '300 mcg/day' }],
          prescriptionId: rx.id,
        };
        const s = await fresh.store.recordProgrammingSession(input, DOCTOR);
        expect(s).toMatchObject({ ...input, guardrail: null, justification: null });
        expect(await fresh.store.listProgrammingSessions(patient.id, DOCTOR)).toEqual([s]);
        const warn = {
          verdict: 'warn' as const,
          reasons: [{ code: 'ITB_R_DOSE_ABOVE_USUAL_RANGE', message: 'm', severity: 'warn' as const }],
        };
        await expect(
          fresh.store.recordProgrammingSession({ ...input, guardrail: warn }, DOCTOR),
        ).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
        });
        await expect(
          fresh.store.recordProgrammingSession(
            { ...input, guardrail: { ...warn, verdict: 'block' } },
            DOCTOR,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_BLOCKED' });
        const other = await fresh.store.createPatient(patientInput(9), NURSE);
        await expect(
          fresh.store.recordProgrammingSession({ ...input, patientId: other.id }, DOCTOR),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_REFERENCE' });
      });

      it('refills: reconciled against the pump profile (Maino 2017: > 1 mL in a 20 mL pump warns)', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        const base = {
          patientId: patient.id,
          implantId: implant.id,
          at: Date.UTC(2024, 3, 1, 10),
          expectedResidualNl: 4_000_000,
          measuredResidualNl: 3_600_000,
          drug: 'baclofen' as const,
          concentrationNgPerMl: 500_000,
          lot: 'LOT-42',
          volumeAddedNl: 20_000_000,
        };
        const ok = await fresh.store.recordRefill(base, NURSE);
        expect(ok.reconciliation).toMatchObject({
          verdict: 'ok',
          discrepancyNl: -400_000,
          reservoirNl: 20_000_000,
        });
        const low = { ...base, measuredResidualNl: 2_500_000 };
        await expect(fresh.store.recordRefill(low, NURSE)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
        });
        const held = await fresh.store.recordRefill({ ...low, volumeAddedNl: 0 }, NURSE);
        expect(held.reconciliation.verdict).toBe('warn');
        expect(held.reconciliation.reasons[0]?.code).toBe('ITB_R_RESIDUAL_LOWER_THAN_EXPECTED');
        await expect(
          fresh.store.recordRefill({ ...base, volumeAddedNl: 21_000_000 }, NURSE),
        ).rejects.toMatchObject({
          code: 'ITB_E_OUT_OF_RANGE',
        });
        await expect(
          fresh.store.recordRefill({ ...base, concentrationNgPerMl: 750_000 }, NURSE),
        ).rejects.toMatchObject({
          code: 'ITB_E_CONCENTRATION_NOT_IN_LIBRARY',
        });
        expect(await fresh.store.listRefills(patient.id, NURSE)).toEqual([ok, held]);
      });

      it('screening trials, assessments ("1+" stays a grade) and complications round trip', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        // The trial checklist (pathway/stage.ts): the team's decision to proceed comes first.
        await fresh.store.recordEvaluation(evaluationInput(patient.id, Date.UTC(2022, 9, 1)), DOCTOR);
        const trial = await fresh.store.recordTrial(
          {
            patientId: patient.id,
            at: Date.UTC(2022, 10, 1, 8),
            doseNg: 50_000,
            concentrationNgPerMl: 50_000,
            volumeNl: 1_000_000,
            method: 'lumbar-puncture',
            assessments: [
              {
                minutesAfterDose: 0,
                mas: [{ muscleGroup: 'hip adductors', side: 'bilateral', grade: '3' }],
                pennSpasm: 3,
              },
              {
                minutesAfterDose: 240,
                mas: [{ muscleGroup: 'hip adductors', side: 'bilateral', grade: '1+' }],
              },
            ],
            responded: true,
            effectHours: 6,
          },
          DOCTOR,
        );
        expect(trial.assessments[1]).toEqual({
          minutesAfterDose: 240,
          mas: [{ muscleGroup: 'hip adductors', side: 'bilateral', grade: '1+' }],
          pennSpasm: null,
        });
        expect(await fresh.store.listTrials(patient.id, DOCTOR)).toEqual([trial]);
        const a = await fresh.store.recordAssessment(
          {
            patientId: patient.id,
            at: Date.UTC(2024, 0, 5),
            mas: [{ muscleGroup: 'knee extensors', side: 'left', grade: '1+' }],
            pennSpasm: 1,
            sideEffects: ['drowsiness'],
          },
          NURSE,
        );
        expect(await fresh.store.listAssessments(patient.id, NURSE)).toEqual([a]);
        await expect(
          fresh.store.recordAssessment(
            { patientId: patient.id, at: 0, mas: [{ muscleGroup: 'x', side: 'left', grade: '1.5' as '1' }] },
            NURSE,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        const c = await fresh.store.recordComplication(
          {
            patientId: patient.id,
            implantId: implant.id,
            at: Date.UTC(2024, 1, 1),
            kind: 'catheter-occlusion',
            severity: 'severe',
            description: 'higher residual; contrast study',
          },
          DOCTOR,
        );
        expect(await fresh.store.listComplications(patient.id, DOCTOR)).toEqual([c]);
      });

      it('appointments: booked and listed by time window and patient', async () => {
        const { patient } = await patientWithImplant(fresh.store);
        const other = await fresh.store.createPatient(patientInput(2), NURSE);
        const day = (d: number) => Date.UTC(2024, 4, d, 9);
        const a1 = await fresh.store.bookAppointment(
          { patientId: patient.id, at: day(3), durationMinutes: 30, kind: 'refill' },
          NURSE,
        );
        const a2 = await fresh.store.bookAppointment(
          { patientId: other.id, at: day(1), durationMinutes: 45, kind: 'follow-up', notes: 'MAS' },
          NURSE,
        );
        const a3 = await fresh.store.bookAppointment(
          { patientId: patient.id, at: day(9), durationMinutes: 60, kind: 'dose-change' },
          NURSE,
        );
        expect(await fresh.store.listAppointments({}, NURSE)).toEqual([a2, a1, a3]);
        expect(await fresh.store.listAppointments({ from: day(2), to: day(9) }, NURSE)).toEqual([a1]);
        expect(await fresh.store.listAppointments({ patientId: patient.id }, NURSE)).toEqual([a1, a3]);
      });

      it('alerts: raised, listed, resolved once', async () => {
        const { patient, implant } = await patientWithImplant(fresh.store);
        const alert = await fresh.store.raiseAlert(
          {
            patientId: patient.id,
            implantId: implant.id,
            kind: 'low-reservoir',
            severity: 'warning',
            message: 'low reservoir in 5 days',
          },
          { actor: 'system:risk-board' },
        );
        expect(alert).toMatchObject({ resolved: null, reasons: [], createdBy: 'system:risk-board' });
        expect(await fresh.store.listAlerts({ openOnly: true }, NURSE)).toEqual([alert]);
        const done = await fresh.store.resolveAlert(alert.id, 'refill booked for Monday', NURSE);
        expect(done.resolved).toMatchObject({ by: NURSE.actor, resolution: 'refill booked for Monday' });
        expect(await fresh.store.listAlerts({ patientId: patient.id }, NURSE)).toEqual([done]);
        expect(await fresh.store.listAlerts({ openOnly: true }, NURSE)).toEqual([]);
        await expect(fresh.store.resolveAlert(alert.id, 'again', NURSE)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_ALREADY_RESOLVED',
        });
      });

      it('every write and every view leaves one audit entry naming the actor', async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        await fresh.store.getPatient(p.id, { actor: 'user:viewer-7' });
        const trail = await fresh.store.auditTrail({ entity: 'patient', entityId: p.id }, DOCTOR);
        expect(trail.map((e) => [e.action, e.actor])).toEqual([
          ['create', NURSE.actor],
          ['view', 'user:viewer-7'],
        ]);
        expect(trail[0]?.details).toMatchObject({ mrn: 'MRN-1' });
        expect(trail[1]?.prevHash).toBe(trail[0]?.hash);
        const reads = await fresh.store.auditTrail({ actor: DOCTOR.actor }, DOCTOR);
        expect(reads.map((e) => [e.action, e.entity])).toEqual([['list', 'audit']]);
        await expect(fresh.store.getPatient(p.id, { actor: ' ' })).rejects.toMatchObject({
          code: 'ITB_E_INVALID_INPUT',
        });
      });
    },
  );
}
