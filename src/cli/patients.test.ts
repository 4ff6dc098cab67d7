/**
 * `itb patients …` through the real CLI on a real clinic database: a patient registered from flags or from
 * a JSON body (the API's own schema, checked by the store the API's route calls) and the clinic's patients
 * listed, under the API's rules for the same routes. Bad input is refused with its code and changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Patient } from '../clinic/records.ts';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { calendarDayText } from '../therapy/date-text.ts';
import { clinicDb, removeClinicDbs, STAFF } from './clinic-db.test-support.ts';
import { patientDates } from '../clinic/patient-dates.ts';
import { openStore } from '../clinic/open-store.ts';
import { continuous } from '../clinic/store-test-fixtures.ts';
import type { DatesView } from '../clinic/dates-view.ts';
import { ACCOUNTS, itb, recordedPump, stopAll } from './pump-link.test-support.ts';
import { clinicInstantFormat } from './reason-line.ts';
import type { PatientList } from './patients.ts';

afterEach(removeClinicDbs);
afterEach(stopAll);

const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;

/** The flags for a new adult patient with spinal spasticity, MRN `mrn`. */
const registerFlags = (mrn: string) => [
  '--mrn',
  mrn,
  '--name',
  'Ada Referred',
  '--birth-date',
  '1980-02-29',
  '--etiology',
  'spinal',
  '--age-band',
  '18-64',
  '--weight-grams',
  '68000',
  '--clinic',
  'Neuro Clinic',
  '--clinic-phone',
  '+44 20 7946 0000',
  '--after-hours-phone',
  '+44 20 7946 0999',
  '--injury-at-t6-or-above',
];

async function setup() {
  const c = await clinicDb();
  const ok = (r: { stdout: string; stderr: string; code: number }): unknown => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const patients = () => c.read((s, ctx) => s.listPatients(ctx));
  const bodyFile = (body: unknown): string => {
    const path = join(dirname(c.db), `patient-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  return { ...c, ok, patients, bodyFile };
}

describe('itb patients', () => {
  it('no command line for registering a patient: register from flags or a JSON body, list as the API lists', async () => {
    const c = await setup();
    const fromFlags = c.ok(
      await itb('patients', 'register', ...c.as(STAFF.nurse), ...registerFlags('MRN-CLI-1')),
    ) as Patient;
    expect(fromFlags).toMatchObject({
      mrn: 'MRN-CLI-1',
      name: 'Ada Referred',
      birthDate: '1980-02-29',
      etiology: 'spinal',
      ageBand: '18-64',
      weightGrams: 68_000,
      highRisk: { injuryAtT6OrAbove: true, cannotCommunicate: false, priorWithdrawal: false },
      clinicContact: {
        clinic: 'Neuro Clinic',
        phone: '+44 20 7946 0000',
        afterHoursPhone: '+44 20 7946 0999',
      },
      opioidStatus: null,
    });

    const body = patientInput(7, { mrn: 'MRN-CLI-2', opioidStatus: 'naive' });
    const fromFile = c.ok(
      await itb('patients', 'register', ...c.as(STAFF.physician), '--json-file', c.bodyFile(body)),
    ) as Patient;
    expect(fromFile).toMatchObject({ ...body, id: expect.any(String) as string });

    const human = await itb(
      'patients',
      'register',
      '--db',
      c.db,
      '--as',
      STAFF.nurse,
      ...registerFlags('MRN-CLI-3'),
    );
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`MRN-CLI-3  Ada Referred  born ${calendarDayText('1980-02-29')}  spinal`);
    expect(human.stdout).not.toContain('1980-02-29'); // the one date format (docs/invariants.md I20)

    // A viewer lists the patients as GET /api/v1/patients does: the store's list, by name.
    const listed = c.ok(await itb('patients', 'list', ...c.as(STAFF.viewer))) as PatientList;
    expect(listed.patients).toEqual(await c.patients());
    expect(listed.patients.map((p) => p.mrn)).toEqual(expect.arrayContaining(['MRN-CLI-1', 'MRN-CLI-2']));
    const listText = await itb('patients', 'list', '--db', c.db, '--as', STAFF.viewer);
    expect(listText.stdout).toMatch(/MRN-CLI-2 {2}Patient 007/);

    const trail = await c.read((s, ctx) => s.auditTrail({ entity: 'patient' }, ctx));
    const created = trail.filter((e) => e.action === 'create' && e.entityId === fromFlags.id);
    expect(created.map((e) => e.actor)).toEqual([`user:${c.idOf(STAFF.nurse)}`]);
  }, 60_000);

  it('no command line for registering a patient: roles the API refuses and bad input are clear errors that change nothing', async () => {
    const c = await setup();
    const before = await c.patients();
    const register = (as: string, ...more: string[]) => itb('patients', 'register', ...c.as(as), ...more);
    expect(code(await register(STAFF.viewer, ...registerFlags('MRN-X')))).toBe('ITB_E_FORBIDDEN');
    expect(code(await register(STAFF.admin, ...registerFlags('MRN-X')))).toBe('ITB_E_FORBIDDEN');
    expect(code(await itb('patients', 'list', ...c.as(STAFF.admin)))).toBe('ITB_E_FORBIDDEN');
    expect(code(await itb('patients', 'register', '--db', c.db, '--json', ...registerFlags('MRN-X')))).toBe(
      'ITB_E_AUTH_REQUIRED',
    );

    const withFlag = (flag: string, value: string) => {
      const flags = registerFlags('MRN-X');
      flags[flags.indexOf(flag) + 1] = value;
      return register(STAFF.nurse, ...flags);
    };
    expect(code(await withFlag('--etiology', 'idiopathic'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--age-band', 'adult'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--birth-date', '1980-02-30'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--weight-grams', '-5'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--name', '  '))).toBe('ITB_E_INVALID_INPUT');
    // The MRN is unique in the clinic: a second patient with it is refused.
    expect(code(await withFlag('--mrn', before[0]?.mrn ?? ''))).toBe('ITB_E_CLINIC_DUPLICATE');

    const file = (body: unknown) => register(STAFF.nurse, '--json-file', c.bodyFile(body));
    expect(code(await file('{"mrn": '))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await file([patientInput(9)]))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await file({ ...patientInput(9), sneaky: true }))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await file({ ...patientInput(9), etiology: 'idiopathic' }))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await register(STAFF.nurse, '--json-file', join(dirname(c.db), 'missing.json')))).toBe(
      'ITB_E_INVALID_INPUT',
    );
    // A body and flags at once is ambiguous: refused, not merged.
    const both = await register(STAFF.nurse, '--json-file', c.bodyFile(patientInput(9)), '--mrn', 'MRN-9');
    expect(code(both)).toBe('ITB_E_INVALID_INPUT');
    expect(await c.patients()).toEqual(before);
  }, 60_000);

  it('no command printed a patient’s refill-by date: `itb patients dates` prints the board’s refill-by and empty dates, and a pump the clinic stopped as not delivering', async () => {
    const s = await recordedPump();
    const sys = { actor: 'system:test' };
    const store = await openStore(s.db, { migrate: false });
    const [implant] = await store.listImplants(s.patientId, sys);
    await store.appendPrescription(s.patientId, continuous(500, 2000), {
      actor: 'user:physician-1',
      expectedHeadId: null,
    });
    await store.recordRefill(
      {
        patientId: s.patientId,
        implantId: implant?.id ?? '',
        at: Date.now() - 1_000,
        expectedResidualNl: 2_000_000,
        measuredResidualNl: 2_000_000,
        drug: 'baclofen',
        concentrationNgPerMl: 2_000_000,
        lot: 'LOT-DATES',
        volumeAddedNl: 18_000_000,
        justification: null,
      },
      sys,
    );
    const board = await patientDates(store, s.patientId, sys, Date.now());
    await store.close();
    expect(board.refillBy).not.toBeNull();
    const viewer = ['--db', s.db, '--as', ACCOUNTS.viewer, '--patient', s.patientId];
    const json = await itb('patients', 'dates', ...viewer, '--json');
    expect(json.stderr).toBe('');
    const view = JSON.parse(json.stdout) as DatesView;
    // The same projection: the dates shift only with the instant they are read at.
    expect(Math.abs((view.refillBy ?? 0) - (board.refillBy ?? 0))).toBeLessThan(60_000);
    expect(view.notDelivering).toBeNull();
    const at = clinicInstantFormat();
    const text = await itb('patients', 'dates', ...viewer);
    expect(text.stdout).toContain(`refill by: ${at(view.refillBy ?? 0).slice(0, 16)}`);
    expect(text.stdout).toMatch(/^empty: \w{3} \d{1,2} \w{3} \d{4}/m);

    const stop = await itb('pump', 'stop', ...s.link, '--confirm', '--justification', 'surgery');
    expect(stop.code, stop.stderr).toBe(0);
    const stopped = await itb('patients', 'dates', ...viewer);
    expect(stopped.stdout.split('\n')[0]).toMatch(
      /^status: NOT DELIVERING since .*: the clinic stopped delivery/,
    );
    const nurse = await itb(
      'patients',
      'dates',
      '--db',
      s.db,
      '--as',
      ACCOUNTS.nurse,
      '--patient',
      'no-such-patient',
      '--json',
    );
    expect(nurse.code).toBe(1);
    expect(code(nurse)).toBe('ITB_E_CLINIC_NOT_FOUND');
  }, 60_000);
});
