/**
 * Finding: dates a person reads were still written as ISO text outside the one date format
 * (docs/invariants.md I20): "born 1980-05-01" and "Clinic day 2024-01-01" on paper, the appointment times of
 * `itb appointments list`, and the API's refusals ("the new time 2024-…Z is in the past", "a refill is
 * already booked for 2024-…Z", "the time 2024-…Z is before the implant date (2023-…)"). Every one of them now
 * goes through therapy/date-text.ts; machine values (date fields, `day=`, ids) stay ISO. Scanned here: the
 * text of the three PDFs (extracted with PDF.js), the human output of the CLI and every message and issue
 * text of the API's answers, for anything that looks like an ISO date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckedAppointment } from '../clinic/booking-check.ts';
import { evaluationInput } from '../clinic/pathway/pathway-fixtures.ts';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { ACCOUNTS, itb, recordedPump, stopAll } from '../cli/pump-link.test-support.ts';
import { recordScreeningDose } from '../programmer/screening.ts';
import { epochMs, mcgToNg } from '../therapy/quantities.ts';
import { CAUSES } from '../therapy/troubleshoot/causes.ts';
import { API_BACKENDS, startApi, type TestApi } from '../server/test-support.ts';
import { readPdf } from './pdf-read.test-support.ts';

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
/** An ISO-looking date with the words around it, so a failure shows where it stands. */
const ISO_IN_CONTEXT = /.{0,40}\d{4}-\d{2}-\d{2}.{0,20}/g;
const ZONE = 'Europe/Prague';
const DAY = 86_400_000;
const sys = { actor: 'system:test' };

/**
 * Every text of an API answer a person reads: reason and concern messages, OperationOutcome issue texts, a
 * record's notes, and FHIR's words (a note's or concept's text, a summary, a finding's basis, an activity's
 * description, a narrative) — not FHIR's date elements, which stay ISO.
 */
const PEOPLE_READ = new Set(['message', 'text', 'notes', 'summary', 'basis', 'description', 'div']);
function wordsIn(x: unknown): string[] {
  if (Array.isArray(x)) return x.flatMap(wordsIn);
  if (typeof x !== 'object' || x === null) return [];
  return Object.entries(x as Record<string, unknown>).flatMap(([k, v]) =>
    PEOPLE_READ.has(k) && typeof v === 'string' ? [v] : wordsIn(v),
  );
}

const zoneBefore = process.env['ITB_TIME_ZONE'];
beforeAll(() => {
  process.env['ITB_TIME_ZONE'] = ZONE;
});
afterAll(() => {
  if (zoneBefore === undefined) delete process.env['ITB_TIME_ZONE'];
  else process.env['ITB_TIME_ZONE'] = zoneBefore;
});

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`dates people read, on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(async () => {
      await api.dispose();
    });

    it('dates a person reads written as ISO ("born 1980-05-01", "Clinic day 2024-01-01", "the new time 2024-…Z"): the PDFs and the API\'s messages name no ISO date', async () => {
      const pid = api.patientA.id;
      const rx = {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 2000,
        doseMcgPerDay: 500,
      };
      await api.store.appendPrescription(pid, rx, {
        ...sys,
        expectedHeadId: null,
        implantId: api.implantA.id,
      });
      const refill = await api.call('nurse', 'POST', `/api/v1/patients/${pid}/refills`, {
        implantId: api.implantA.id,
        expectedResidualNl: 2_000_000,
        measuredResidualNl: 2_000_000,
        drug: 'baclofen',
        concentrationNgPerMl: 2_000_000,
        lot: 'L1',
        volumeAddedNl: 20_000_000,
      });
      expect(refill.statusCode, refill.body).toBe(201);
      const refillId = refill.json<{ id: string }>().id;

      const book = (kind: string, at: number) =>
        api.call('nurse', 'POST', `/api/v1/patients/${pid}/appointments`, {
          kind,
          at,
          durationMinutes: 30,
        });
      const booked = await book('refill', api.clock.t + 20 * DAY);
      expect(booked.statusCode, booked.body).toBe(201);
      const bookedId = booked.json<CheckedAppointment>().id;
      const change = (action: string, body: object) =>
        api.call('nurse', 'POST', `/api/v1/patients/${pid}/appointments/${bookedId}/${action}`, body);
      const answers = [
        refill,
        booked,
        await book('refill', api.clock.t + 25 * DAY), // a second open refill booking
        await change('reschedule', { at: api.clock.t - DAY, reason: 'moved' }), // into the past
        await change('attend', {}), // before it starts
        await api.call('physician', 'POST', `/api/v1/patients/${pid}/sessions`, {
          implantId: api.implantA.id,
          interrogation: {},
          diff: [],
          at: Date.UTC(2000, 0, 1), // before the implant date
        }),
        await api.call('physician', 'POST', `/api/v1/patients/${pid}/sessions`, {
          implantId: api.implantA.id,
          interrogation: {},
          diff: [],
          at: api.clock.t + 365 * DAY, // in the future
        }),
      ];
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 409, 422, 422, 422, 422]);
      const messages = answers.flatMap((a) => wordsIn(a.json()));
      expect(messages.length).toBeGreaterThan(4);
      const found = messages.filter((m) => ISO_DATE.test(m));

      const pdfs = [
        `/api/v1/patients/${pid}/emergency-card.pdf`,
        `/api/v1/refills/${refillId}/report.pdf?patientId=${pid}`,
        `/api/v1/patients/${pid}/session-summary.pdf`,
      ];
      for (const url of pdfs) {
        const res = await api.call('nurse', 'GET', url);
        expect(res.statusCode, url).toBe(200);
        const text = (await readPdf(res.rawPayload)).text.join(' ');
        expect(text, url).toContain(api.patientA.name);
        found.push(...(text.match(ISO_IN_CONTEXT) ?? []));
      }
      expect(found).toEqual([]);
    });

    it('dates a person reads written as ISO on the board ("refill was due 2023-…Z", "EMPTY since …", "(since …)"), in the trial notes ("not before 2023-…Z"), the FHIR notes ("Team decision 2023-…", "Explanted …", "Implanted 2023-03-01", "Reservoir empty since …", "Closed …") and the advice refusal ("the bolus of 2023-…Z"): none names an ISO date', async () => {
      const now = api.clock.t;
      const mas = (grade: '1+' | '3') => [
        { muscleGroup: 'hip adductors', side: 'left' as const, grade },
        { muscleGroup: 'hip adductors', side: 'right' as const, grade },
      ];
      // A pump that ran empty months ago and reports ERI: overdue, EMPTY and a condition on the board.
      const empty = await api.store.createPatient(patientInput(31), sys);
      const emptyPump = await api.store.addImplant(implantInput(empty.id, 'ISO-31'), sys);
      await api.store.appendPrescription(
        empty.id,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 2000, doseMcgPerDay: 500 },
        { ...sys, expectedHeadId: null, implantId: emptyPump.id },
      );
      await api.store.recordRefill(
        {
          patientId: empty.id,
          implantId: emptyPump.id,
          at: now - 200 * DAY,
          expectedResidualNl: 2_000_000,
          measuredResidualNl: 2_000_000,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: 'L31',
          volumeAddedNl: 20_000_000,
        },
        sys,
      );
      await api.store.recordProgrammingSession(
        {
          patientId: empty.id,
          implantId: emptyPump.id,
          at: now - 3 * DAY,
          interrogation: { snapshot: { status: { alarms: ['eri'] } } },
          diff: [],
        },
        sys,
      );
      const episode = await api.store.openEpisode(
        {
          patientId: empty.id,
          at: now - 2 * DAY,
          symptom: 'more-spasticity',
          findings: { reservoirMl: 20, calculatedResidualMl: 12, residualDiscrepancyMl: -4 },
        },
        sys,
      );
      const leak = { patientId: empty.id, episodeId: episode.id };
      await api.store.recordEpisodeStep(
        {
          ...leak,
          at: now - 2 * DAY + 20 * 60_000,
          step: 'access-port-aspiration',
          result: 'fluid that is not CSF',
          findings: { portAspiration: 'not-csf' },
        },
        sys,
      );
      await api.store.closeEpisode(
        {
          ...leak,
          at: now - DAY,
          cause: 'catheter-disconnection-or-leak',
          remedy: CAUSES['catheter-disconnection-or-leak'].remedies[0] ?? '',
          outcome: 'referred',
          note: '',
        },
        sys,
      );

      // A screening that decided "the next dose, not before …", a responding bolus, then the pump taken out.
      const screened = await api.store.createPatient(patientInput(32), sys);
      const screenedPump = await api.store.addImplant(implantInput(screened.id, 'ISO-32'), sys);
      await api.store.recordEvaluation(evaluationInput(screened.id, now - 40 * DAY), sys);
      await recordScreeningDose(
        [],
        {
          at: epochMs(now - 30 * DAY),
          dose: mcgToNg(50),
          assessments: [
            { minutesAfterDose: 60, mas: mas('3') },
            { minutesAfterDose: 120, mas: mas('3') },
          ],
          responded: false,
          effectHours: null,
        },
        { patientId: screened.id, actor: sys.actor },
        api.store,
      );
      await api.store.recordTrial(
        {
          patientId: screened.id,
          at: now - 28 * DAY,
          doseNg: 75_000,
          concentrationNgPerMl: 50_000,
          volumeNl: 1_500_000,
          method: 'lumbar-puncture',
          assessments: [
            { minutesAfterDose: 0, mas: mas('3') },
            { minutesAfterDose: 120, mas: mas('1+') },
          ],
          responded: true,
          effectHours: 6,
        },
        sys,
      );
      await api.store.recordExplant(
        {
          patientId: screened.id,
          implantId: screenedPump.id,
          at: now - DAY,
          reason: 'infection',
          catheter: 'removed',
          replacementImplantId: null,
        },
        sys,
      );

      const board = await api.call('nurse', 'GET', '/api/v1/board');
      const trials = await api.call('nurse', 'GET', `/api/v1/patients/${screened.id}/trials`);
      const advice = await api.call('nurse', 'GET', `/api/v1/patients/${screened.id}/advice`);
      const fhir = await Promise.all(
        [empty.id, screened.id].map((id) => api.call('nurse', 'GET', `/fhir/Patient/${id}/$everything`)),
      );
      const answers = [board, trials, advice, ...fhir];
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 422, 200, 200]);
      const messages = answers.flatMap((a) => wordsIn(a.json()));
      // Each text this finding is about is read, so a missing one cannot pass unseen.
      for (const words of [
        /^refill was due /,
        /^EMPTY since /,
        /\(since /,
        /not before /,
        /^the bolus of /,
        /^Team decision /,
        /^Implanted /,
        /^Explanted /,
        /^Reservoir empty since /,
        /^Closed /,
        / by system:test$/,
      ])
        expect(messages.filter((m) => words.test(m)).length, String(words)).toBeGreaterThan(0);
      expect(messages.filter((m) => ISO_DATE.test(m))).toEqual([]);
    });
  });
}

describe('dates people read, on the command line', () => {
  afterAll(stopAll);

  it('dates a person reads written as ISO ("2026-12-22T09:00:00.000Z" in `itb appointments list`): its human output and its refusals name no ISO date', async () => {
    const s = await recordedPump();
    const nurse = ['--db', s.db, '--as', ACCOUNTS.nurse];
    const at = new Date(Date.now() + 20 * DAY).toISOString();
    const book = (when: string, ...json: string[]) =>
      itb(
        'appointments',
        'book',
        '--patient',
        s.patientId,
        ...nurse,
        ...json,
        '--kind',
        'refill',
        '--at',
        when,
        '--duration-minutes',
        '30',
      );
    const first = await book(at);
    expect([first.code, first.stderr]).toEqual([0, '']);
    const second = await book(new Date(Date.now() + 25 * DAY).toISOString());
    expect(second.code).toBe(1);
    const list = await itb('appointments', 'list', '--patient', s.patientId, ...nurse);
    expect([list.code, list.stderr]).toEqual([0, '']);
    const people = [first.stdout, second.stderr, list.stdout];
    expect(people.every((t) => t.trim() !== '')).toBe(true);
    expect(
      people
        .join('\n')
        .split('\n')
        .filter((l) => ISO_DATE.test(l)),
    ).toEqual([]);
  });
});
