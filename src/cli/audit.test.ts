/**
 * `itb audit list` through the real CLI on a real clinic database: the audit viewer's filters (who, what,
 * which patient, when, how many) through the function the API's audit route calls, each entry with its
 * actor's name, its time in the clinic's zone for people; admins only, as in the API.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { implantInput } from '../clinic/store-test-fixtures.ts';
import type { AuditList } from './audit.ts';
import { clinicDb, removeClinicDbs, STAFF } from './clinic-db.test-support.ts';
import { itb } from './pump-link.test-support.ts';
import { clinicInstantFormat } from './reason-line.ts';

afterEach(removeClinicDbs);

const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

async function setup() {
  const c = await clinicDb();
  const nurse = `user:${c.idOf(STAFF.nurse)}`;
  // The nurse reads the patient and records an implant: entries about the patient, in the nurse's name.
  const implant = await c.read(async (s) => {
    await s.getPatient(c.patientId, { actor: nurse });
    return s.addImplant(implantInput(c.patientId), { actor: nurse });
  });
  const ok = (r: { stdout: string; stderr: string; code: number }): AuditList => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as AuditList;
  };
  const list = (...more: string[]) => itb('audit', 'list', ...c.as(STAFF.admin), ...more);
  return { ...c, nurse, implant, ok, list };
}

describe('itb audit list', () => {
  it('no command line for the audit viewer: filters by patient, actor, action, time and count, with names', async () => {
    const c = await setup();
    const all = c.ok(await c.list());
    expect(all.entries.length).toBeGreaterThan(6);

    const aboutPatient = c.ok(await c.list('--patient', c.patientId));
    expect(aboutPatient.entries.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['create', 'patient', c.patientId],
      ['view', 'patient', c.patientId],
      ['create', 'implant', c.implant.id],
    ]);

    const byNurse = c.ok(await c.list('--actor', STAFF.nurse));
    expect(byNurse.entries.map((e) => e.action)).toEqual(['view', 'create']);
    expect(byNurse.entries.every((e) => e.actor === c.nurse && e.actorName === 'CLI nurse')).toBe(true);
    expect(byNurse.entries.every((e) => e.actorRole === 'nurse')).toBe(true);

    const creates = c.ok(await c.list('--action', 'create', '--patient', c.patientId, '--limit', '1'));
    expect(creates.entries.map((e) => e.entity)).toEqual(['patient']);

    // The window splits the patient's entries at the implant's time: at or after it, and before it.
    const implantAt = aboutPatient.entries[2]?.at ?? 0;
    const at = new Date(implantAt).toISOString();
    const since = c.ok(await c.list('--from', at, '--patient', c.patientId));
    const before = c.ok(await c.list('--to', at, '--patient', c.patientId));
    expect(since.entries.map((e) => e.entityId)).toContain(c.implant.id);
    expect(before.entries.map((e) => e.entityId)).not.toContain(c.implant.id);
    expect(since.entries.every((e) => e.at >= implantAt)).toBe(true);
    expect(before.entries.every((e) => e.at < implantAt)).toBe(true);
    expect([...before.entries, ...since.entries]).toEqual(aboutPatient.entries);

    const human = await itb('audit', 'list', '--db', c.db, '--as', STAFF.admin, '--actor', STAFF.nurse);
    expect(human.code, human.stderr).toBe(0);
    const lines = human.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(clinicInstantFormat()(byNurse.entries[1]?.at ?? 0));
    expect(lines[1]).toMatch(/CLI nurse \(nurse\)\s+create implant /);
  }, 60_000);

  it('no command line for the audit viewer: a nurse is refused as the API refuses them; bad filters are clear errors', async () => {
    const c = await setup();
    const refused = await itb('audit', 'list', ...c.as(STAFF.nurse));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(code(refused)).toBe('ITB_E_FORBIDDEN');
    expect(code(await c.list('--from', '3 Dec 2026'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await c.list('--from', '2026-12-02', '--to', '2026-12-01'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await c.list('--limit', '0'))).toBe('ITB_E_OUT_OF_RANGE');
    expect(code(await c.list('--limit', '2.5'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await c.list('--actor', 'nobody@cli.test'))).toBe('ITB_E_CLINIC_NOT_FOUND');
  }, 60_000);
});
