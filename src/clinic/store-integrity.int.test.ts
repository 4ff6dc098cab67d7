/**
 * The clinic store suite, part 2: what must hold even when things go wrong (docs/architecture.md principles 5 and 8)
 * — append-only history, tamper detection in the hash-chained audit trail, atomic writes under injected
 * failure, no interleaving under concurrent writers (in one process and across processes), idempotent
 * migrations and consistent backups. Runs on SQLite and on PostgreSQL (ITB_TEST_PG_URL).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashEntry } from './audit-chain.ts';
import { openStore } from './open-store.ts';
import {
  BACKENDS,
  TEST_KEY,
  disableGuards,
  injectAuditFailure,
  removeAuditFailure,
} from './store-test-harness.ts';
import { useFreshStore } from './fresh-store.test-support.ts';
import {
  DOCTOR,
  NURSE,
  auditCount,
  continuous,
  patientInput,
  patientWithImplant,
} from './store-test-fixtures.ts';

const WRITER = fileURLToPath(new URL('./store-test-writer.ts', import.meta.url));

function runWriter(url: string, count: number, tag: string, barrier: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, url, String(count), tag, barrier], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`writer ${tag} exited ${code}: ${err}`)),
    );
  });
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `clinic store integrity — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      /** Some activity: 2 patients, an implant, a prescription, a refill, views. */
      async function activity() {
        const { patient, implant } = await patientWithImplant(fresh.store, 1);
        await fresh.store.createPatient(patientInput(2), NURSE);
        await fresh.store.getPatient(patient.id, DOCTOR);
        await fresh.store.appendPrescription(patient.id, continuous(300), {
          ...DOCTOR,
          expectedHeadId: null,
        });
        return { patient, implant };
      }

      it('history is append-only: the database itself refuses UPDATE and DELETE', async () => {
        const { patient } = await activity();
        for (const sql of [
          `update prescriptions set body = '{}' where patient_id = '${patient.id}'`,
          `delete from prescriptions`,
          `update audit_log set actor = 'mallory' where seq = 1`,
          `delete from audit_log where seq = 1`,
          `update audit_head set seq = 0`,
          ...(fresh.db.dialect === 'postgres' ? ['truncate audit_log'] : []),
        ]) {
          await expect(fresh.db.raw.exec(sql), sql).rejects.toThrow(/ITB_E_CLINIC_APPEND_ONLY/);
        }
        expect((await fresh.store.verifyAudit()).ok).toBe(true);
      });

      it('verifyAudit passes an untouched chain and an empty one', async () => {
        expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true, checked: 0, headSeq: 0 });
        await activity();
        const n = await auditCount(fresh.db.raw);
        const v = await fresh.store.verifyAudit();
        expect(v).toMatchObject({ ok: true, checked: n, headSeq: n });
        expect(v.headHash).toMatch(/^[0-9a-f]{64}$/);
      });

      it('an edited audit row is detected at its seq', async () => {
        await activity();
        await fresh.db.raw.exec(disableGuards(fresh.db.dialect, 'audit_log'));
        await fresh.db.raw.exec(`update audit_log set actor = 'user:mallory' where seq = 3`);
        expect(await fresh.store.verifyAudit()).toMatchObject({
          ok: false,
          firstBadSeq: 3,
          problem: { code: 'ITB_R_AUDIT_HASH_MISMATCH' },
        });
      });

      it('an edited row whose own hash was recomputed breaks the next link', async () => {
        await activity();
        await fresh.db.raw.exec(disableGuards(fresh.db.dialect, 'audit_log'));
        const [row] = await fresh.db.raw.all('select * from audit_log where seq = 2');
        if (row === undefined) throw new Error('no row 2');
        const forged = {
          seq: 2,
          at: Number(row['at']),
          actor: 'user:mallory',
          action: String(row['action']),
          entity: String(row['entity']),
          entityId: String(row['entity_id']),
          details: String(row['details']),
          prevHash: String(row['prev_hash']),
        };
        await fresh.db.raw.exec(
          `update audit_log set actor = 'user:mallory', hash = '${hashEntry(forged)}' where seq = 2`,
        );
        expect(await fresh.store.verifyAudit()).toMatchObject({
          ok: false,
          firstBadSeq: 3,
          problem: { code: 'ITB_R_AUDIT_PREV_MISMATCH' },
        });
      });

      it('a deleted audit row is detected: in the middle by the gap, at the end by the head', async () => {
        await activity();
        const n = await auditCount(fresh.db.raw);
        await fresh.db.raw.exec(disableGuards(fresh.db.dialect, 'audit_log'));
        await fresh.db.raw.exec(`delete from audit_log where seq = ${n}`);
        expect(await fresh.store.verifyAudit()).toMatchObject({
          ok: false,
          firstBadSeq: n,
          problem: { code: 'ITB_R_AUDIT_HEAD_MISMATCH' },
        });
        await fresh.db.raw.exec(`delete from audit_log where seq = 2`);
        expect(await fresh.store.verifyAudit()).toMatchObject({
          ok: false,
          firstBadSeq: 2,
          problem: { code: 'ITB_R_AUDIT_SEQ_GAP' },
        });
      });

      it('a record whose stored JSON was altered reads as corrupt, not as data', async () => {
        const { patient } = await activity();
        await fresh.db.raw.exec(
          `update patients set high_risk = '{"injuryAtT6OrAbove":"maybe"}' where id = '${patient.id}'`,
        );
        await expect(fresh.store.getPatient(patient.id, DOCTOR)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_CORRUPT_RECORD',
        });
      });

      it('a write that fails half-way (after its row, at its audit entry) leaves nothing behind', async () => {
        const { patient, implant } = await activity();
        const before = {
          audit: await auditCount(fresh.db.raw),
          head: await fresh.db.raw.all('select seq, hash from audit_head'),
        };
        await fresh.db.raw.exec(injectAuditFailure(fresh.db.dialect, 'refill'));
        const refill = {
          patientId: patient.id,
          implantId: implant.id,
          at: Date.UTC(2024, 3, 1),
          expectedResidualNl: 3_000_000,
          measuredResidualNl: 3_100_000,
          drug: 'baclofen' as const,
          concentrationNgPerMl: 500_000,
          lot: 'L1',
          volumeAddedNl: 18_000_000,
        };
        await expect(fresh.store.recordRefill(refill, NURSE)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_STORAGE',
        });
        expect(await fresh.db.raw.all('select id from refills')).toEqual([]);
        expect(await auditCount(fresh.db.raw)).toBe(before.audit);
        expect(await fresh.db.raw.all('select seq, hash from audit_head')).toEqual(before.head);
        await fresh.db.raw.exec(removeAuditFailure(fresh.db.dialect));
        await fresh.store.recordRefill(refill, NURSE);
        expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true });
      });

      it('concurrent writes in one process never interleave the chain; racing appends: exactly one wins', async () => {
        const { patient } = await activity();
        const head = await fresh.store.currentPrescription(patient.id, DOCTOR);
        const writes = Array.from({ length: 20 }, (_, i) =>
          fresh.store.createPatient(patientInput(100 + i), NURSE),
        );
        const race = Array.from({ length: 6 }, (_, i) =>
          fresh.store.appendPrescription(patient.id, continuous(310 + i), {
            actor: `user:c${i}`,
            expectedHeadId: head?.id ?? null,
          }),
        );
        const outcomes = await Promise.allSettled([...writes, ...race]);
        expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
        const raced = outcomes.slice(20);
        expect(raced.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of raced)
          if (o.status === 'rejected') expect(o.reason).toMatchObject({ code: 'ITB_E_CLINIC_STALE_HEAD' });
        expect(await fresh.store.prescriptionChain(patient.id, DOCTOR)).toHaveLength(2);
        const n = await auditCount(fresh.db.raw);
        expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true, checked: n, headSeq: n });
      });

      it('writers in separate processes never interleave the chain', async () => {
        await fresh.store.close();
        const tags = ['a', 'b', 'c'];
        const barrier = mkdtempSync(join(fresh.db.dir, 'barrier-'));
        const running = Promise.all(tags.map((tag) => runWriter(fresh.db.url, 15, tag, barrier)));
        // Release the writers together once all have opened the store (process start-up takes seconds).
        while (!tags.every((t) => existsSync(join(barrier, `${t}.ready`)))) await sleep(20);
        writeFileSync(join(barrier, 'go'), '');
        const outs = await running;
        expect(outs.map((o) => JSON.parse(o) as unknown)).toEqual(tags.map(() => ({ written: 15 })));
        fresh.store = await fresh.db.open();
        expect(await fresh.store.listPatients(DOCTOR)).toHaveLength(45);
        // 45 creates + 45 views + the list just above.
        expect(await fresh.store.verifyAudit()).toMatchObject({ ok: true, checked: 91, headSeq: 91 });
        // The writers really contended: their entries interleave instead of forming three blocks (three
        // blocks have exactly two switches of actor; any interleaving has more).
        const actors = (await fresh.db.raw.all('select actor from audit_log order by seq')).map(
          (r) => r['actor'],
        );
        const switches = actors.filter((a, i) => i > 0 && a !== actors[i - 1]).length;
        expect(switches).toBeGreaterThan(tags.length - 1);
      }, 120_000);

      it('migrations are idempotent: re-running and re-opening apply nothing and keep the data', async () => {
        await activity();
        const known = [
          '0001_clinic_records',
          '0002_append_only_guards',
          '0003_symptom_diary',
          '0004_clinic_alert_acknowledgement',
          '0004_websec_auth_sessions',
          '0005_board_rows',
          '0005_board_rules_version',
          '0005_controls_user_admin',
          '0005_pathway_records',
          '0006_followup_appointment_status',
          '0006_trouble_episodes',
          '0007_model_opioid_status',
          '0007_pathway_initial_fill',
          '0008_pathway_board_due',
          '0009_board_empty_alerts',
          '0010_mri_preparation',
          '0011_board_eos',
        ];
        expect(await fresh.store.migrate()).toEqual({ dialect: fresh.db.dialect, applied: [], known });
        await fresh.store.close();
        fresh.store = await fresh.db.open();
        expect(await fresh.store.migrate()).toEqual({ dialect: fresh.db.dialect, applied: [], known });
        expect(await fresh.db.raw.all('select name from kysely_migration order by name')).toEqual(
          known.map((name) => ({ name })),
        );
        expect(await fresh.store.listPatients(DOCTOR)).toHaveLength(2);
        expect((await fresh.store.verifyAudit()).ok).toBe(true);
      });

      it('backup: a consistent copy that holds its own audit entry; an existing target is refused', async () => {
        await activity();
        const target = join(fresh.db.dir, fresh.db.dialect === 'sqlite' ? 'backup.sqlite' : 'backup.jsonl');
        const report = await fresh.store.backup(target, { actor: 'system:cli' });
        const n = await auditCount(fresh.db.raw);
        expect(report).toMatchObject({ path: target, auditHeadSeq: n });
        if (fresh.db.dialect === 'sqlite') {
          const copy = await openStore(target, { secretKey: TEST_KEY, mustExist: true, migrate: false });
          try {
            expect(await copy.verifyAudit()).toMatchObject({
              ok: true,
              headSeq: n,
              headHash: report.auditHeadHash,
            });
            expect(await copy.listPatients(DOCTOR)).toHaveLength(2);
          } finally {
            await copy.close();
          }
        } else {
          const lines = readFileSync(target, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          expect(lines[0]).toMatchObject({ format: 'itb-clinic-export', dialect: 'postgres' });
          expect(lines.at(-1)).toMatchObject({
            end: true,
            auditHeadSeq: n,
            counts: { patients: 2, audit_log: n },
          });
          expect(lines.filter((l) => l['table'] === 'audit_log')).toHaveLength(n);
        }
        await expect(fresh.store.backup(target, { actor: 'system:cli' })).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_BACKUP_TARGET',
        });
        await fresh.store.close();
        await expect(fresh.store.listPatients(DOCTOR)).rejects.toMatchObject({ code: 'ITB_E_CLINIC_CLOSED' });
        fresh.store = await fresh.db.open();
      });
    },
  );
}
