/**
 * Seeded clinic for the browser tests: a physician account and three patients — one overdue for a refill
 * (high withdrawal risk), one stable (two refills, a dose change, three assessments, and a patient account
 * of their own), one with no pump state yet.
 * Times are real (Date.now()) because the browser's live guardrail uses the browser clock.
 */
import { evaluationInput, proceedDecision } from '../../src/clinic/pathway/pathway-fixtures.ts';
import { hashPassword } from '../../src/server/auth/passwords.ts';
import { TEST_COST } from '../../src/server/test-support.ts';
import { BACKENDS } from '../../src/clinic/store-test-harness.ts';
import { continuous, implantInput, patientInput } from '../../src/clinic/store-test-fixtures.ts';
import type { OpenedStore } from '../../src/clinic/open-store.ts';
import type { Patient } from '../../src/clinic/records.ts';

export interface Seeded {
  readonly store: OpenedStore;
  readonly patients: readonly Patient[];
  readonly physicianEmail: string;
  readonly password: string;
  readonly overdueName: string;
  readonly stableName: string;
  readonly stableId: string;
  /** The stable patient's own account (role patient). */
  readonly patientEmail: string;
  dispose(): Promise<void>;
}

const DAY = 86_400_000;
const ML = 1_000_000;

export async function seedClinic(): Promise<Seeded> {
  const backend = BACKENDS.find((b) => b.name === 'sqlite');
  if (backend === undefined) throw new Error('no SQLite test backend');
  const db = await backend.fresh();
  const clock = { t: Date.now() - 60 * DAY };
  const store = await db.open({ clock: () => clock.t });
  const sys = { actor: 'system:seed' };
  const password = 'correct horse battery staple';
  const physicianEmail = 'dr.house@clinic.example';
  await store.createUser(
    {
      email: physicianEmail,
      name: 'Dr House',
      role: 'physician',
      passwordHash: await hashPassword(password, TEST_COST),
      patientId: null,
    },
    sys,
  );
  const ana = await store.createPatient(patientInput(1, { name: 'Ana Overdue', mrn: 'MRN-ANA' }), sys);
  const ben = await store.createPatient(
    patientInput(2, {
      name: 'Ben Stable',
      mrn: 'MRN-BEN',
      highRisk: { injuryAtT6OrAbove: false, cannotCommunicate: false, priorWithdrawal: false },
    }),
    sys,
  );
  const cleo = await store.createPatient(
    patientInput(3, { name: 'Cleo New', mrn: 'MRN-CLEO', etiology: 'cerebral' }),
    sys,
  );
  const anaPump = await store.addImplant(implantInput(ana.id, 'SER-ANA'), sys);
  const benPump = await store.addImplant(implantInput(ben.id, 'SER-BEN'), sys);
  await store.addImplant(implantInput(cleo.id, 'SER-CLEO'), sys);
  // The team decided to proceed before Cleo's screening trial (the trial checklist, docs/workflows.md).
  const decidedAt = Date.UTC(2023, 0, 10);
  await store.recordEvaluation(
    evaluationInput(cleo.id, decidedAt, proceedDecision(decidedAt), { etiology: 'cerebral' }),
    sys,
  );

  await store.createUser(
    {
      email: 'ben@patient.example',
      name: 'Ben Stable',
      role: 'patient',
      passwordHash: await hashPassword(password, TEST_COST),
      patientId: ben.id,
    },
    sys,
  );

  // Ben's dose history for the dose chart: 350 → 400 mcg/day.
  clock.t = Date.now() - 50 * DAY;
  const benFirst = await store.appendPrescription(ben.id, continuous(350), {
    ...sys,
    expectedHeadId: null,
    implantId: benPump.id,
  });
  const assess = (at: number, grade: '3' | '2' | '1+', penn: number) =>
    store.recordAssessment(
      {
        patientId: ben.id,
        at,
        mas: [
          { muscleGroup: 'hip adductors', side: 'bilateral', grade },
          { muscleGroup: 'knee extensors', side: 'left', grade: '1' },
        ],
        pennSpasm: penn,
      },
      sys,
    );
  await assess(clock.t, '3', 3);

  clock.t = Date.now() - 40 * DAY;
  await store.appendPrescription(ana.id, continuous(500), {
    ...sys,
    expectedHeadId: null,
    implantId: anaPump.id,
  });
  await store.appendPrescription(ben.id, continuous(400), {
    ...sys,
    expectedHeadId: benFirst.id,
    implantId: benPump.id,
    justification: 'seed: planned step',
  });
  await store.appendPrescription(cleo.id, continuous(400), { ...sys, expectedHeadId: null });

  const refill = (patientId: string, implantId: string, at: number) =>
    store.recordRefill(
      {
        patientId,
        implantId,
        at,
        expectedResidualNl: 2 * ML,
        measuredResidualNl: 2 * ML,
        drug: 'baclofen',
        concentrationNgPerMl: 500_000,
        lot: 'LOT-42',
        volumeAddedNl: 20 * ML,
        justification: null,
      },
      sys,
    );
  clock.t = Date.now() - 30 * DAY;
  await refill(ana.id, anaPump.id, clock.t);
  clock.t = Date.now() - 25 * DAY;
  await refill(ben.id, benPump.id, clock.t);
  await assess(clock.t, '2', 2);
  clock.t = Date.now() - 5 * DAY;
  await refill(ben.id, benPump.id, clock.t);
  await assess(clock.t, '1+', 1);
  await store.recordComplication(
    {
      patientId: ben.id,
      implantId: benPump.id,
      at: clock.t,
      kind: 'pocket-fill',
      severity: 'mild',
      description: 'small seroma, resolved',
    },
    sys,
  );
  clock.t = Date.now();
  // From here the store follows real time, like the app.
  const live = await db.open({ clock: () => Date.now() });
  await store.close();
  return {
    store: live,
    patients: [ana, ben, cleo],
    physicianEmail,
    password,
    overdueName: ana.name,
    stableName: ben.name,
    stableId: ben.id,
    patientEmail: 'ben@patient.example',
    async dispose() {
      await live.close();
      await db.dispose();
    },
  };
}
