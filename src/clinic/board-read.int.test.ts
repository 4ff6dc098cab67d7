/**
 * The risk board's bulk read (board-read.ts) against the per-patient path it replaces
 * (server/routes/board-routes.ts `gatherBoardRecordsPerPatient`): on a seeded store with varied records —
 * no implant, no prescription, a prescription chain, zero to seven refills (some whose reconciliation
 * warned), interrogations before, at and after the last refill (with and without a reservoir volume or
 * ERI), open and resolved alerts — the board rows are identical, and the read leaves ONE audit entry
 * naming what it showed (docs/clinic-store.md: every view is audited).
 */
import { describe, expect, it } from 'vitest';
import { gatherBoardRecordsPerPatient } from '../server/routes/board-routes.ts';
import { riskBoard } from './risk-board.ts';
import type { ClinicStore } from './store.ts';
import { BACKENDS } from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import { DOCTOR, NURSE, auditCount, continuous, implantInput, patientInput } from './store-test-fixtures.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** mulberry32: a small seeded PRNG so the seeded store is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function seed(store: ClinicStore, patients: number, rnd: () => number): Promise<void> {
  const pick = (n: number) => Math.floor(rnd() * n);
  for (let i = 0; i < patients; i++) {
    const highRisk = { injuryAtT6OrAbove: rnd() < 0.3, cannotCommunicate: false, priorWithdrawal: false };
    const p = await store.createPatient(patientInput(i, { highRisk }), NURSE);
    if (i % 9 === 8) continue; // no implant, nothing else
    const imp = await store.addImplant(implantInput(p.id, `SER-${i}`), DOCTOR);
    if (i % 7 !== 6) {
      let head: string | null = null;
      for (let k = 0; k <= pick(2); k++) {
        const rx = await store.appendPrescription(p.id, continuous(400 + 50 * k, 2000), {
          ...DOCTOR,
          expectedHeadId: head,
        });
        head = rx.id;
      }
    }
    const refills = pick(8);
    const refillAts: number[] = [];
    for (let k = 0; k < refills; k++) {
      const at = T0 + (k * 40 + pick(10)) * DAY;
      refillAts.push(at);
      const discrepant = rnd() < 0.25;
      await store.recordRefill(
        {
          patientId: p.id,
          implantId: imp.id,
          at,
          expectedResidualNl: 3_000_000,
          measuredResidualNl: discrepant ? 1_000_000 : 3_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: `L${k}`,
          volumeAddedNl: 15_000_000 + pick(4) * 1_000_000,
          justification: discrepant ? 'catheter checked, refilled per protocol' : null,
        },
        NURSE,
      );
    }
    const last = refillAts.at(-1) ?? T0;
    for (let k = 0; k < pick(4); k++) {
      // Before, exactly at, or after the last refill: only later ones can be the projection's basis.
      const at = last + (pick(3) - 1) * pick(20) * DAY;
      const interrogation: Record<string, number | boolean> = {};
      if (rnd() < 0.6) interrogation['reservoirNl'] = 2_000_000 + pick(15) * 1_000_000;
      if (rnd() < 0.3) interrogation['batteryEri'] = rnd() < 0.5;
      await store.recordProgrammingSession(
        { patientId: p.id, implantId: imp.id, at, interrogation, diff: [] },
        DOCTOR,
      );
    }
    if (rnd() < 0.3) {
      const a = await store.raiseAlert(
        {
          patientId: p.id,
          kind: 'low-reservoir',
          severity: rnd() < 0.5 ? 'critical' : 'warning',
          message: 'reservoir low',
        },
        NURSE,
      );
      if (rnd() < 0.4) await store.resolveAlert(a.id, 'refilled', NURSE);
    }
  }
}

describe.each(BACKENDS)('board bulk read ($name)', (backend) => {
  const fresh = useFreshStore(backend);

  it.skipIf(backend.skip !== undefined)(
    'gives the same board as the per-patient reads, with one audit entry',
    async () => {
      await seed(fresh.store, 40, prng(20_241_121));
      const now = T0 + 200 * DAY;
      const before = await auditCount(fresh.db.raw);
      const bulk = await fresh.store.boardRecords(NURSE);
      expect(await auditCount(fresh.db.raw)).toBe(before + 1);
      const perPatient = await gatherBoardRecordsPerPatient(fresh.store, NURSE);

      const rows = riskBoard(bulk, now);
      expect(rows).toEqual(riskBoard(perPatient, now));
      // The seed exercises every branch the equality depends on.
      expect(rows.some((r) => r.basis?.kind === 'interrogation')).toBe(true);
      expect(rows.some((r) => r.basis?.kind === 'refill')).toBe(true);
      expect(rows.some((r) => r.reconciliation.trend.length === 3)).toBe(true);
      expect(rows.some((r) => r.battery?.eri === true)).toBe(true);
      expect(rows.some((r) => r.openAlerts.count > 0)).toBe(true);

      // Record by record: same patients, implants, prescription in force and open alerts; the last three
      // refills; the last session.
      expect(bulk.map((r) => r.patient)).toEqual(perPatient.map((r) => r.patient));
      bulk.forEach((b, i) => {
        const p = perPatient[i];
        expect(b.implants).toEqual(p?.implants);
        expect(b.current).toEqual(p?.current);
        expect(b.openAlerts).toEqual(p?.openAlerts);
        expect(b.refills).toEqual(p?.refills.slice(-3));
        expect(b.sessions.at(-1)).toEqual(p?.sessions.at(-1));
      });

      const [entry] = await fresh.store.auditTrail({ entity: 'board' }, DOCTOR);
      expect(entry).toMatchObject({ actor: NURSE.actor, action: 'view', entityId: '*' });
      const details = entry?.details as Record<string, string[]>;
      expect(details['patients']).toEqual(bulk.map((r) => r.patient.id));
      expect(details['refills']).toEqual(
        expect.arrayContaining(bulk.flatMap((r) => r.refills.map((x) => x.id))),
      );
      expect(details['refills']).toHaveLength(bulk.reduce((n, r) => n + r.refills.length, 0));
      expect(details['sessions']).toHaveLength(bulk.reduce((n, r) => n + r.sessions.length, 0));
      expect(details['alerts']).toEqual(
        expect.arrayContaining(bulk.flatMap((r) => r.openAlerts.map((x) => x.id))),
      );
      expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true });
    },
    60_000,
  );

  it.skipIf(backend.skip !== undefined)('an empty store gives an empty board (still audited)', async () => {
    const before = await auditCount(fresh.db.raw);
    expect(await fresh.store.boardRecords(NURSE)).toEqual([]);
    expect(await auditCount(fresh.db.raw)).toBe(before + 1);
  });

  it.skipIf(backend.skip !== undefined)(
    'a forked prescription chain is corrupt, as per patient',
    async () => {
      const p = await fresh.store.createPatient(patientInput(1), NURSE);
      await fresh.store.appendPrescription(p.id, continuous(400, 2000), { ...DOCTOR, expectedHeadId: null });
      // A second root, as someone with database access could insert once the one-root index is gone.
      await fresh.db.raw.exec('drop index prescriptions_one_root');
      await fresh.db.raw.exec(
        `insert into prescriptions (id, patient_id, prior_id, implant_id, body, verdict, reasons, ` +
          `justification, created_at, created_by) select 'forked', patient_id, prior_id, implant_id, body, ` +
          `verdict, reasons, justification, created_at, created_by from prescriptions`,
      );
      await expect(fresh.store.boardRecords(NURSE)).rejects.toMatchObject({
        code: 'ITB_E_CLINIC_CORRUPT_RECORD',
      });
    },
  );
});
