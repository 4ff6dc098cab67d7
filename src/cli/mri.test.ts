/**
 * `itb mri …` through the real CLI on a real clinic database (hazards H43, H44): a valve pump's scan is not
 * marked ready while drug is left in its reservoir and no physician accepted it (refused with its code,
 * nothing recorded), a nurse may not accept, and the scan recorded done raises the follow-up alert — the
 * store functions and authorization rules of the API's MRI routes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MriScan } from '../clinic/mri/mri-records.ts';
import { implantInput } from '../clinic/store-test-fixtures.ts';
import { clinicDb, removeClinicDbs, STAFF } from './clinic-db.test-support.ts';
import { itb } from './pump-link.test-support.ts';

afterEach(removeClinicDbs);

const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

describe('itb mri', () => {
  it('H43 MRI with a valve-gated pump not emptied: itb mri ready refuses it until a physician accepts; H44 itb mri done raises the follow-up alert', async () => {
    const c = await clinicDb();
    const implant = await c.read((s, ctx) =>
      s.addImplant(implantInput(c.patientId, 'VALVE-CLI', { deviceProfileId: 'valve-20' }), ctx),
    );
    const patient = ['--patient', c.patientId];
    const ok = (r: { stdout: string; stderr: string; code: number }): MriScan => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as MriScan;
    };
    const plannedFor = new Date(Date.now() + 86_400_000).toISOString();
    const scan = ok(
      await itb(
        'mri',
        'plan',
        ...patient,
        '--implant',
        implant.id,
        '--planned-for',
        plannedFor,
        ...c.as(STAFF.nurse),
      ),
    );
    expect(scan.rule.before).toBe('empty-reservoir');
    const mri = ['--mri', scan.id];
    const drugLeft = ['--expected', '12', '--aspirated', '4'];

    const refused = await itb('mri', 'ready', ...patient, ...mri, ...drugLeft, ...c.as(STAFF.nurse));
    expect(refused.code).toBe(1);
    expect(code(refused)).toBe('ITB_E_MRI_RESERVOIR_NOT_EMPTIED');
    expect((await c.read((s, ctx) => s.listMris(c.patientId, ctx)))[0]?.state).toBe('planned');

    const why = ['--justification', 'the closing valve delivers at most 10 µL: judged safe'];
    const nurseAccepts = await itb('mri', 'accept', ...patient, ...mri, ...why, ...c.as(STAFF.nurse));
    expect(code(nurseAccepts)).toBe('ITB_E_FORBIDDEN');
    ok(await itb('mri', 'accept', ...patient, ...mri, ...why, ...c.as(STAFF.physician)));
    const ready = ok(await itb('mri', 'ready', ...patient, ...mri, ...drugLeft, ...c.as(STAFF.nurse)));
    expect(ready.state).toBe('ready');

    const done = ok(await itb('mri', 'done', ...patient, ...mri, ...c.as(STAFF.nurse)));
    expect(done.state).toBe('done');
    const alerts = await c.read((s, ctx) => s.listAlerts({ patientId: c.patientId, state: 'all' }, ctx));
    expect(alerts.map((a) => [a.kind, a.severity, a.state])).toEqual([['mri-follow-up', 'critical', 'open']]);
    expect(alerts[0]?.message).toMatch(/^MRI on .*: pump not interrogated since\./);
  });
});
