/**
 * Finding: refusals at the command line left no trace. A nurse running `itb pathway evaluation --as nurse@…`
 * (the physician's decision) or an admin reading a patient's pathway was refused, but unlike the same
 * refusal through the API (src/server/refusal-audit.test.ts) no `refuse` entry named who tried. The command
 * line's `--as` now checks through the API's own audited check (server/auth/refusal-audit.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluationInput } from '../clinic/pathway/pathway-fixtures.ts';
import { BACKENDS, type FreshDb } from '../clinic/store-test-harness.ts';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { createStaff, STAFF } from './clinic-db.test-support.ts';
import { itb } from './pump-link.test-support.ts';

const setup = { actor: 'system:test-setup' };
const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

describe.each(BACKENDS)('refusals at the command line ($name)', (backend) => {
  if (backend.skip !== undefined) return void it.skip(backend.skip, () => undefined);
  let db: FreshDb | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await db?.dispose();
    db = undefined;
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('a refusal with --as left no audit entry naming who tried: each is a `refuse` entry naming the user and the patient, as the API writes', async () => {
    db = await backend.fresh();
    const store = await db.open();
    const patient = await store.createPatient(patientInput(1), setup);
    const ids = await createStaff(store, STAFF, setup);
    await store.close();
    const as = (email: string) => ['--db', db?.url ?? '', '--as', email, '--json'];
    dir = mkdtempSync(join(tmpdir(), 'itb-cli-refusal-'));
    const body = join(dir, 'evaluation.json');
    const evaluation: Record<string, unknown> = { ...evaluationInput('unused', Date.now()) };
    delete evaluation['patientId'];
    delete evaluation['at'];
    writeFileSync(body, JSON.stringify(evaluation));

    const P = ['--patient', patient.id];
    const tries = [
      await itb('pathway', 'evaluation', ...P, ...as(STAFF.nurse), '--json-file', body),
      await itb('pathway', 'show', ...P, ...as(STAFF.admin)),
      await itb('patients', 'register', ...as(STAFF.viewer), '--json-file', body),
    ];
    expect(tries.map(code)).toEqual(['ITB_E_FORBIDDEN', 'ITB_E_FORBIDDEN', 'ITB_E_FORBIDDEN']);

    const read = await db.open();
    const refusals = (await read.auditTrail({ action: 'refuse' }, setup)).map((e) => [
      e.actor,
      e.entity,
      e.entityId,
      (e.details as { route?: string }).route,
    ]);
    await read.close();
    expect(refusals).toEqual([
      [`user:${ids.get(STAFF.nurse)}`, 'patient', patient.id, 'POST /api/v1/patients/:patientId/evaluations'],
      [`user:${ids.get(STAFF.admin)}`, 'patient', patient.id, 'GET /api/v1/patients/:patientId/pathway'],
      [`user:${ids.get(STAFF.viewer)}`, 'route', 'POST /api/v1/patients', undefined],
    ]);
  });
});
