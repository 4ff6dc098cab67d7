/**
 * `itb pathway …` through the real CLI on a real clinic database: the patient's stage and what is due (the
 * view GET …/pathway answers), a candidacy evaluation with the team's decision and a post-operative check
 * recorded through the store functions the API's routes call, their bodies checked by the routes' own
 * schemas, under the API's rules for the same routes. Bad input is refused with its code and changes nothing.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { evaluationInput, screeningDoseInput } from '../clinic/pathway/pathway-fixtures.ts';
import type { PathwayView } from '../clinic/pathway/pathway-view.ts';
import type { PostOpCheck } from '../clinic/pathway/postop-checks.ts';
import { implantInput, LINK_SECRET, patientInput } from '../clinic/store-test-fixtures.ts';
import { PROMETRA_CATHETER } from '../therapy/catheter.ts';
import { clinicDb, removeClinicDbs, STAFF } from './clinic-db.test-support.ts';
import type { RecordedImplant } from './pathway.ts';
import { itb } from './pump-link.test-support.ts';

afterEach(removeClinicDbs);

const code = (r: { stderr: string }) => (JSON.parse(r.stderr) as { error: { code: string } }).error.code;
const DAY = 86_400_000;

/** The body of POST …/evaluations: the fixture's evaluation without the fields the route fills in. */
function evaluationBody(at: number): Record<string, unknown> {
  const body: Record<string, unknown> = { ...evaluationInput('unused', at) };
  delete body['patientId'];
  delete body['at'];
  return body;
}

async function setup() {
  const c = await clinicDb();
  // Implanted two days ago: the post-operative items are due.
  const implantDate = new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10);
  const implant = await c.read((s, ctx) =>
    s.addImplant(implantInput(c.patientId, 'NGP-CLI-1', { implantDate }), ctx),
  );
  const patient = ['--patient', c.patientId];
  const ok = (r: { stdout: string; stderr: string; code: number }): unknown => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const bodyFile = (body: unknown): string => {
    const path = join(dirname(c.db), `body-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
    return path;
  };
  const show = async (as: string = STAFF.viewer) =>
    ok(await itb('pathway', 'show', ...patient, ...c.as(as))) as PathwayView;
  const records = () =>
    c.read(async (s, ctx) => ({
      evaluations: await s.listEvaluations(c.patientId, ctx),
      checks: await s.listPostOpChecks(c.patientId, ctx),
    }));
  const checkFlags = [
    '--implant',
    implant.id,
    '--completes',
    'wound-check',
    '--wound',
    'erythema',
    '--temperature-c',
    '38.6',
  ];
  return { ...c, implant, patient, ok, bodyFile, show, records, checkFlags };
}

describe('itb pathway', () => {
  it('no command line for the care pathway: show the stage and what is due, record an evaluation with the team’s decision and a post-operative check', async () => {
    const c = await setup();
    const before = await c.show();
    expect(before.decision).toBeNull();
    expect(before.postOpDue.map((d) => d.item)).toContain('wound-check');

    const at = Date.now() - 30 * DAY;
    const body = evaluationBody(at);
    const evaluation = c.ok(
      await itb(
        'pathway',
        'evaluation',
        ...c.patient,
        ...c.as(STAFF.physician),
        '--json-file',
        c.bodyFile(body),
        '--at',
        new Date(at).toISOString(),
      ),
    );
    expect(evaluation).toMatchObject({ ...body, patientId: c.patientId, at });
    const decided = await c.show();
    expect(decided.decision).toEqual(body['decision']);

    const check = c.ok(
      await itb('pathway', 'postop-check', ...c.patient, ...c.as(STAFF.nurse), ...c.checkFlags),
    ) as PostOpCheck & { concerns: string[] };
    expect(check).toMatchObject({
      implantId: c.implant.id,
      completes: ['wound-check'],
      wound: 'erythema',
      temperatureC: 38.6,
      positionalHeadache: false,
    });
    expect(check.concerns.length).toBeGreaterThan(0);
    expect(check.concerns.join(' ')).toMatch(/erythema/);
    const after = await c.show(STAFF.nurse);
    expect(after.postOpDue.filter((d) => d.item === 'wound-check')).toEqual([]);

    const human = await itb('pathway', 'show', ...c.patient, '--db', c.db, '--as', STAFF.viewer);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`stage: ${after.stage}`);
    expect(human.stdout).toContain(`decision: ${after.decision?.outcome ?? 'missing'} by `);
    const humanCheck = await itb(
      'pathway',
      'postop-check',
      ...c.patient,
      '--db',
      c.db,
      '--as',
      STAFF.nurse,
      '--json-file',
      c.bodyFile({
        completes: [],
        wound: 'clean-dry',
        temperatureC: 36.9,
        positionalHeadache: true,
        fluidCollection: false,
        infectionSigns: false,
      }),
      '--implant',
      c.implant.id,
    );
    expect(humanCheck.code, humanCheck.stderr).toBe(0);
    expect(humanCheck.stdout).toMatch(/needs attention:\n {2}- /);

    const trail = await c.read((s, ctx) => s.auditTrail({ entity: 'evaluation' }, ctx));
    expect(trail.filter((e) => e.action === 'create').map((e) => e.actor)).toEqual([
      `user:${c.idOf(STAFF.physician)}`,
    ]);
  }, 60_000);

  it('a patient who responded to the screening trial had nothing due: `itb pathway show` says the implant is next', async () => {
    const c = await clinicDb();
    const at = Date.now() - 3 * DAY;
    const p = await c.read(async (s, ctx) => {
      const patient = await s.createPatient(patientInput(77), ctx);
      await s.recordEvaluation(evaluationInput(patient.id, at - 5 * DAY), ctx);
      await s.recordTrial(screeningDoseInput(patient.id, at, true), ctx);
      return patient;
    });
    const human = await itb('pathway', 'show', '--patient', p.id, '--db', c.db, '--as', STAFF.viewer);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain('stage: trial — responded to a screening dose: ready for implant');
    expect(human.stdout).toMatch(
      /next: the patient responded to a screening dose: the implant is due \(due from /,
    );
  }, 60_000);

  it('no command line for the care pathway: roles the API refuses and bad input are clear errors that change nothing', async () => {
    const c = await setup();
    const before = await c.records();
    const evaluation = (as: string, body: unknown) =>
      itb('pathway', 'evaluation', ...c.patient, ...c.as(as), '--json-file', c.bodyFile(body));
    const good = evaluationBody(Date.now() - DAY);
    // The team's decision is the physician's (the API's rule for POST …/evaluations).
    expect(code(await evaluation(STAFF.nurse, good))).toBe('ITB_E_FORBIDDEN');
    expect(code(await evaluation(STAFF.viewer, good))).toBe('ITB_E_FORBIDDEN');
    expect(code(await itb('pathway', 'show', ...c.patient, ...c.as(STAFF.admin)))).toBe('ITB_E_FORBIDDEN');
    const check = (as: string, ...flags: string[]) =>
      itb('pathway', 'postop-check', ...c.patient, ...c.as(as), ...flags);
    expect(code(await check(STAFF.viewer, ...c.checkFlags))).toBe('ITB_E_FORBIDDEN');
    expect(code(await check(STAFF.admin, ...c.checkFlags))).toBe('ITB_E_FORBIDDEN');

    // The routes' schemas: no unknown field, no field the route fills in, nothing missing.
    expect(code(await evaluation(STAFF.physician, { ...good, patientId: c.patientId }))).toBe(
      'ITB_E_INVALID_INPUT',
    );
    expect(code(await evaluation(STAFF.physician, { ...good, goals: [] }))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await evaluation(STAFF.physician, { ...good, distribution: 'everywhere' }))).toBe(
      'ITB_E_INVALID_INPUT',
    );
    expect(code(await evaluation(STAFF.physician, '{"diagnosis": '))).toBe('ITB_E_INVALID_INPUT');
    // The domain's rule the route applies: no decision to proceed while an infection is active.
    const infected = {
      ...good,
      contraindications: { ...(good['contraindications'] as object), activeInfection: true },
    };
    expect(code(await evaluation(STAFF.physician, infected))).toBe('ITB_E_PATHWAY_CONTRAINDICATED');
    const withFlag = (flag: string, value: string) => {
      const flags = [...c.checkFlags];
      flags[flags.indexOf(flag) + 1] = value;
      return check(STAFF.nurse, ...flags);
    };
    expect(code(await withFlag('--wound', 'lovely'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--temperature-c', '50'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--temperature-c', 'warm'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--completes', 'wound-check,stitches'))).toBe('ITB_E_INVALID_INPUT');
    expect(code(await withFlag('--implant', 'no-such-implant'))).toBe('ITB_E_CLINIC_NOT_FOUND');
    const both = await check(STAFF.nurse, ...c.checkFlags, '--json-file', c.bodyFile({}));
    expect(code(both)).toBe('ITB_E_INVALID_INPUT');
    const noPatient = await itb('pathway', 'show', '--patient', 'no-such-patient', ...c.as(STAFF.viewer));
    expect(code(noPatient)).toBe('ITB_E_CLINIC_NOT_FOUND');
    expect(await c.records()).toEqual(before);
  }, 60_000);

  it('no command line for the implant procedure: the catheter volume computed from the trimmed length, the keys paired and never printed; a nurse or a bad length writes nothing', async () => {
    const c = await setup();
    const procedure = {
      pumpSerial: 'PRO-CLI-1',
      deviceProfileId: 'peristaltic-20',
      implantDate: '2026-11-20',
      pocketSide: 'left',
      catheter: { model: 'Prometra catheter', trimmedMm: 300, tipLevel: 'T10' },
      linkKeys: { keyId: '0a0b0c0d0e0f1011', clinicianPrivateKey: LINK_SECRET },
    };
    const implant = (as: string, body: unknown) =>
      itb('pathway', 'implant', ...c.patient, ...c.as(as), '--json-file', c.bodyFile(body));
    const implants = () => c.read((s, ctx) => s.listImplants(c.patientId, ctx));
    const before = await implants();
    expect(code(await implant(STAFF.nurse, procedure))).toBe('ITB_E_FORBIDDEN');
    const tooLong = { ...procedure, catheter: { ...procedure.catheter, trimmedMm: 1100 } };
    expect(code(await implant(STAFF.physician, tooLong))).toBe('ITB_E_CATHETER_LENGTH');
    expect(code(await implant(STAFF.physician, { ...procedure, pocketSide: 'middle' }))).toBe(
      'ITB_E_INVALID_INPUT',
    );
    expect(await implants()).toEqual(before);

    const r = await implant(STAFF.physician, procedure);
    expect(r.stdout).not.toContain(LINK_SECRET);
    const recorded = c.ok(r) as RecordedImplant;
    // 110 cm supplied − 30 cm trimmed = 80 cm implanted.
    expect(recorded.implant).toMatchObject({
      pumpSerial: 'PRO-CLI-1',
      catheter: { lengthMm: 800, volumeNl: PROMETRA_CATHETER.volumePerCm.value * 80, tipLevel: 'T10' },
    });
    expect(recorded.catheterVolume.implantedLengthCm).toBe(80);
    const after = (await implants()).map((i) => i.pumpSerial);
    expect(after.toSorted()).toEqual([...before.map((i) => i.pumpSerial), 'PRO-CLI-1'].toSorted());
    const keys = await c.read((s, ctx) => s.getImplantKeys(recorded.implant.id, ctx));
    expect(keys).toMatchObject({ keyId: '0a0b0c0d0e0f1011' });
  }, 60_000);
});
