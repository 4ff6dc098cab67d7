/**
 * The care pathway over HTTP (routes/pathway-routes.ts): a patient registered through the API walks the
 * stages as the records arrive — evaluated by the team, trialled (refused before the decision with
 * ITB_E_PATHWAY_NO_TEAM_DECISION as an OperationOutcome), implanted with the first programme from the
 * trial, checked after surgery, and replaced with the old pump's history kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evaluationInput,
  implantProcedureInput,
  painEvaluationInput,
  postOpCheckInput,
  screeningDoseInput,
} from '../clinic/pathway/pathway-fixtures.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { PROMETRA_CATHETER } from '../therapy/catheter.ts';
import { API_BACKENDS, START, startApi, type TestApi } from './test-support.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The body of a record as the routes take it: the patient, implant and time come from the path and clock. */
const stripHead = (x: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(x).filter(([k]) => !['patientId', 'at', 'implantId'].includes(k)));

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`care pathway routes — ${backend.skip ?? backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    it('the evaluation form was spasticity-only (oral baclofen, spasticity distribution): a pain patient’s evaluation records the pain questions, an older spasticity evaluation still reads, and a mixed one is refused naming the field', async () => {
      const reg = await api.call('nurse', 'POST', '/api/v1/patients', patientInput(31));
      const P = `/api/v1/patients/${reg.json<{ id: string }>().id}`;
      const pain = painEvaluationInput('x', START - 2 * DAY);
      const saved = await api.call('physician', 'POST', `${P}/evaluations`, {
        ...stripHead(pain),
        at: pain.at,
      });
      expect(saved.statusCode).toBe(201);
      const old = evaluationInput('x', START - DAY);
      expect(old).not.toHaveProperty('indication');
      expect(
        (await api.call('physician', 'POST', `${P}/evaluations`, { ...stripHead(old), at: old.at }))
          .statusCode,
      ).toBe(201);
      const list = (await api.call('viewer', 'GET', `${P}/evaluations`)).json<Record<string, unknown>[]>();
      expect(
        list.map((e) => [e['indication'], e['pain'] === undefined, e['oralBaclofen'] === undefined]),
      ).toEqual([
        ['pain', false, true],
        ['spasticity', true, false],
      ]);
      const mixed = await api.call('physician', 'POST', `${P}/evaluations`, {
        ...stripHead(pain),
        oralBaclofen: old.oralBaclofen,
        at: pain.at,
      });
      expect(mixed.statusCode).toBe(400);
      expect(mixed.body).toContain('a pain evaluation does not record oralBaclofen');
      const bare = await api.call('physician', 'POST', `${P}/evaluations`, {
        ...stripHead(pain),
        pain: undefined,
        at: pain.at,
      });
      expect(bare.statusCode).toBe(400);
      expect(bare.body).toContain('a pain evaluation records the pain questions');
    });

    it('walks a new patient from referral to replacement; the old pump stays readable', async () => {
      const reg = await api.call(
        'nurse',
        'POST',
        '/api/v1/patients',
        patientInput(7, { birthDate: '1980-02-02' }),
      );
      expect(reg.statusCode).toBe(201);
      const id = reg.json<{ id: string }>().id;
      const P = `/api/v1/patients/${id}`;
      const stage = async () => (await api.call('viewer', 'GET', `${P}/pathway`)).json<{ stage: string }>();
      expect(await stage()).toMatchObject({ stage: 'referred', detail: 'not evaluated yet' });

      const trial = {
        doseNg: 50_000,
        concentrationNgPerMl: 50_000,
        volumeNl: 1_000_000,
        method: 'lumbar-puncture',
        assessments: [],
        responded: true,
        effectHours: 6,
      };
      const early = await api.call('physician', 'POST', `${P}/trials`, trial);
      expect(early.statusCode).toBe(422);
      expect(early.body).toContain('ITB_E_PATHWAY_NO_TEAM_DECISION');

      const ev = evaluationInput(id, START - 40 * DAY);
      expect(
        (await api.call('nurse', 'POST', `${P}/evaluations`, { ...stripHead(ev), at: ev.at })).statusCode,
      ).toBe(403);
      expect(
        (await api.call('physician', 'POST', `${P}/evaluations`, { ...stripHead(ev), at: ev.at })).statusCode,
      ).toBe(201);
      expect(await stage()).toMatchObject({ stage: 'evaluated', decision: { outcome: 'proceed-to-trial' } });

      const at = START - 30 * DAY;
      expect((await api.call('physician', 'POST', `${P}/trials`, { ...trial, at })).statusCode).toBe(201);
      // 50 mcg, effect 6 h: twice the screening dose for the first 24 h (label, clinical-reference §1.3).
      expect(await stage()).toMatchObject({
        stage: 'trial',
        firstProgramme: { dailyDoseMcg: 100, rule: 'double' },
      });

      const implant = implantInput(id, 'NEW-1', { implantDate: '2023-12-20' });
      const imp = await api.call('physician', 'POST', `${P}/implants`, stripHead(implant));
      expect(imp.statusCode).toBe(201);
      const implantId = imp.json<{ id: string }>().id;
      expect(await stage()).toMatchObject({ stage: 'implanted' });
      const rx = await api.call('physician', 'POST', `${P}/prescriptions`, {
        prescription: {
          mode: 'simple-continuous',
          drug: 'baclofen',
          concentrationMcgPerMl: 500,
          doseMcgPerDay: 100,
        },
        expectedHeadId: null,
        implantId,
        justification: 'start dose from the screening trial: twice the effective 50 mcg bolus',
      });
      expect(rx.statusCode, rx.body).toBe(201);
      const postOp = await stage();
      expect(postOp).toMatchObject({ stage: 'post-op', activeImplantId: implantId });
      expect((postOp as unknown as { postOpDue: unknown[] }).postOpDue).toHaveLength(3);

      const check = { ...stripHead(postOpCheckInput(id, implantId, 0)), temperatureC: 38.5, at: START - DAY };
      const res = await api.call('nurse', 'POST', `${P}/implants/${implantId}/postop-checks`, check);
      expect(res.statusCode).toBe(201);
      expect(res.json<{ concerns: string[] }>().concerns.join(' ')).toMatch(/fever 38.5 °C/);
      // The fever raised a concern to review (postop-alert.ts), due before the scheduled items.
      expect((await api.call('viewer', 'GET', `${P}/pathway`)).json()).toMatchObject({
        postOpDue: [
          { item: 'concern-review', overdue: false },
          { item: 'suture-removal' },
          { item: 'infection-watch', overdue: false },
        ],
      });
      expect((await api.call('nurse', 'GET', `${P}/alerts`)).json()).toMatchObject([
        { kind: 'postop-concern', severity: 'critical' },
      ]);

      // The board carries the same due items, beside its rows.
      const board = (await api.call('viewer', 'GET', '/api/v1/board')).json<{
        pathway: { patientId: string; stage: string; postOpDue: { item: string }[] }[];
      }>();
      expect(board.pathway.find((p) => p.patientId === id)).toMatchObject({
        stage: 'post-op',
        postOpDue: [{ item: 'concern-review' }, { item: 'suture-removal' }, { item: 'infection-watch' }],
      });

      // Replacement: the new pump (new keys) first, then the old one's explant naming it.
      const second = implantInput(id, 'NEW-2', { implantDate: '2023-12-31' });
      const imp2 = await api.call('physician', 'POST', `${P}/implants`, stripHead(second));
      const newId = imp2.json<{ id: string }>().id;
      const explant = {
        reason: 'battery-eri',
        catheter: 'kept',
        replacementImplantId: newId,
        at: START - HOUR,
      };
      expect(
        (await api.call('nurse', 'POST', `${P}/implants/${implantId}/explant`, explant)).statusCode,
      ).toBe(403);
      expect(
        (await api.call('physician', 'POST', `${P}/implants/${implantId}/explant`, explant)).statusCode,
      ).toBe(201);
      const again = await api.call('physician', 'POST', `${P}/implants/${implantId}/explant`, explant);
      expect(again.statusCode).toBe(409);
      expect((await api.call('viewer', 'GET', `${P}/pathway`)).json()).toMatchObject({
        stage: 'post-op',
        activeImplantId: newId,
        explants: [{ implantId, replacementImplantId: newId, catheter: 'kept' }],
      });
      const old = await api.call('viewer', 'GET', `${P}/implants/${implantId}`);
      expect(old.json()).toMatchObject({ id: implantId, pumpSerial: 'NEW-1' });
      expect((await api.call('viewer', 'GET', `${P}/postop-checks`)).json()).toHaveLength(1);
    });

    it('a patient who responded to the screening trial had nothing due: the board never asked for the implant, nor for the next dose after no response', async () => {
      const reg = await api.call('nurse', 'POST', '/api/v1/patients', patientInput(41));
      const id = reg.json<{ id: string }>().id;
      const P = `/api/v1/patients/${id}`;
      const ev = evaluationInput(id, START - 10 * DAY);
      expect(
        (await api.call('physician', 'POST', `${P}/evaluations`, { ...stripHead(ev), at: ev.at })).statusCode,
      ).toBe(201);
      const dose = (responded: boolean | null, at: number) =>
        api.call('physician', 'POST', `${P}/trials`, {
          ...stripHead(screeningDoseInput(id, at, responded)),
          at,
        });
      const due = async () => {
        const board = (await api.call('viewer', 'GET', '/api/v1/board?filter=pathway-due&limit=100')).json<{
          rows: { patientId: string }[];
          pathway: { patientId: string; due: { item: string; dueAt: number }[] }[];
        }>();
        return {
          listed: board.rows.some((r) => r.patientId === id),
          due: board.pathway.find((p) => p.patientId === id)?.due.map((d) => [d.item, d.dueAt]) ?? [],
          next: (await api.call('viewer', 'GET', `${P}/pathway`)).json<{ trialNext: unknown }>().trialNext,
        };
      };

      // No response to 50 mcg two days ago: the next protocol dose was due 24 h after it.
      const first = START - 2 * DAY;
      expect((await dose(false, first)).statusCode).toBe(201);
      expect(await due()).toEqual({
        listed: true,
        due: [['trial-next-dose', first + DAY]],
        next: { item: 'trial-next-dose', dueAt: first + DAY },
      });

      // A response to the next dose: the implant is due from it, until one is recorded.
      const second = START - DAY;
      expect((await dose(true, second)).statusCode).toBe(201);
      expect(await due()).toEqual({
        listed: true,
        due: [['implant', second]],
        next: { item: 'implant', dueAt: second },
      });
      const implant = implantInput(id, 'TRIAL-41', { implantDate: '2023-12-31' });
      expect((await api.call('physician', 'POST', `${P}/implants`, stripHead(implant))).statusCode).toBe(201);
      const after = await due();
      expect(after.next).toBeNull();
      expect(after.due.map(([item]) => item)).not.toContain('implant');
    });

    it('implant procedure: the catheter volume is computed from the trimmed length, never typed; a bad length writes nothing', async () => {
      const P = `/api/v1/patients/${api.patientB.id}`;
      const body = {
        pumpSerial: 'PRO-1',
        deviceProfileId: 'peristaltic-20',
        implantDate: '2023-12-01',
        pocketSide: 'left',
        catheter: { model: 'Prometra catheter', trimmedMm: 300, tipLevel: 'T10' },
        linkKeys: { keyId: '0a0b0c0d0e0f1011' },
      };
      const res = await api.call('physician', 'POST', `${P}/implant-procedure`, body);
      expect(res.statusCode, res.body).toBe(201);
      // 110 cm supplied − 30 cm trimmed = 80 cm implanted.
      const perCm = PROMETRA_CATHETER.volumePerCm.value;
      expect(res.json()).toMatchObject({
        implant: { catheter: { lengthMm: 800, volumeNl: perCm * 80, tipLevel: 'T10' } },
        catheterVolume: { implantedLengthCm: 80 },
      });
      const bad = { ...body, pumpSerial: 'PRO-2', catheter: { ...body.catheter, trimmedMm: 1100 } };
      const refused = await api.call('physician', 'POST', `${P}/implant-procedure`, bad);
      expect(refused.statusCode).toBeGreaterThanOrEqual(400);
      expect(refused.body).toContain('ITB_E_CATHETER_LENGTH');
      const implants = (await api.call('physician', 'GET', `${P}/implants`)).json<{ pumpSerial: string }[]>();
      expect(implants.map((i) => i.pumpSerial)).toEqual(['PRO-1']);
      expect((await api.call('nurse', 'POST', `${P}/implant-procedure`, body)).statusCode).toBe(403);
    });

    it('pump replacement is not one transaction: over HTTP the new pump with its initial fill, its programme and the explant are one write; a refused programme leaves no new pump', async () => {
      const p = (
        await api.call('nurse', 'POST', '/api/v1/patients', patientInput(8, { birthDate: '1975-03-03' }))
      ).json<{ id: string }>();
      const P = `/api/v1/patients/${p.id}`;
      const fill = { drug: 'baclofen', concentrationNgPerMl: 500_000, volumeNl: 20_000_000, lot: 'LOT-A' };
      const procedure = (serial: string, implantDate: string) => ({
        ...implantProcedureInput(serial, implantDate),
        initialFill: { ...fill, at: START - 300 * DAY },
      });
      const imp = await api.call(
        'physician',
        'POST',
        `${P}/implant-procedure`,
        procedure('R-OLD', '2023-01-10'),
      );
      expect(imp.statusCode, imp.body).toBe(201);
      const oldId = imp.json<{ implant: { id: string; initialFill: unknown } }>().implant.id;
      expect(imp.json<{ implant: { initialFill: unknown } }>().implant.initialFill).toEqual({
        ...fill,
        at: START - 300 * DAY,
      });
      const rx = {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 500,
        doseMcgPerDay: 400,
      };
      const head = await api.call('physician', 'POST', `${P}/prescriptions`, {
        prescription: rx,
        expectedHeadId: null,
        implantId: oldId,
      });
      expect(head.statusCode, head.body).toBe(201);
      // The board projects the new pump from its initial fill: no reconciliation to show.
      const row = (await api.call('viewer', 'GET', '/api/v1/board'))
        .json<{
          rows: {
            patientId: string;
            basis: { kind: string } | null;
            reconciliation: { last: string | null };
          }[];
        }>()
        .rows.find((r) => r.patientId === p.id);
      expect(row).toMatchObject({ basis: { kind: 'initial-fill' }, reconciliation: { last: null } });

      const body = (headId: string | null) => ({
        // The operation an hour ago, on its day (the time of the operation must fall on it).
        procedure: { ...procedure('R-NEW', '2023-12-31'), initialFill: { ...fill, lot: 'LOT-B' } },
        programme: { prescription: rx, expectedHeadId: headId },
        explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
        at: START - HOUR,
      });
      const url = `${P}/implants/${oldId}/replacement`;
      expect((await api.call('nurse', 'POST', url, body(null))).statusCode).toBe(403);
      const stale = await api.call('physician', 'POST', url, body(null));
      expect(stale.statusCode).toBe(409);
      expect(stale.body).toContain('ITB_E_CLINIC_STALE_HEAD');
      const noFill = await api.call('physician', 'POST', url, {
        ...body(head.json<{ record: { id: string } }>().record.id),
        procedure: { ...procedure('R-NEW', '2023-12-30'), initialFill: undefined },
      });
      expect(noFill.statusCode).toBeGreaterThanOrEqual(400);
      expect(noFill.body).toContain('initial fill');
      const serials = async () =>
        (await api.call('viewer', 'GET', `${P}/implants`))
          .json<{ pumpSerial: string }[]>()
          .map((i) => i.pumpSerial);
      expect(await serials()).toEqual(['R-OLD']);

      const done = await api.call(
        'physician',
        'POST',
        url,
        body(head.json<{ record: { id: string } }>().record.id),
      );
      expect(done.statusCode, done.body).toBe(201);
      const newId = done.json<{ implant: { id: string } }>().implant.id;
      expect(done.json()).toMatchObject({
        // Filled at surgery: the fill is dated the operation (`at`), as the explant is.
        implant: { pumpSerial: 'R-NEW', initialFill: { lot: 'LOT-B', at: START - HOUR } },
        prescription: { implantId: newId },
        explant: { implantId: oldId, replacementImplantId: newId },
      });
      expect(await serials()).toEqual(['R-OLD', 'R-NEW']);
    });
  });
}
