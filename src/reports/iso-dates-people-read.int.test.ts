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
import { ACCOUNTS, itb, recordedPump, stopAll } from '../cli/pump-link.test-support.ts';
import { API_BACKENDS, startApi, type TestApi } from '../server/test-support.ts';
import { readPdf } from './pdf-read.test-support.ts';

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;
/** An ISO-looking date with the words around it, so a failure shows where it stands. */
const ISO_IN_CONTEXT = /.{0,40}\d{4}-\d{2}-\d{2}.{0,20}/g;
const ZONE = 'Europe/Prague';
const DAY = 86_400_000;
const sys = { actor: 'system:test' };

/** Every text of an API answer a person reads: reason and concern messages, OperationOutcome issue texts. */
function wordsIn(x: unknown): string[] {
  if (Array.isArray(x)) return x.flatMap(wordsIn);
  if (typeof x !== 'object' || x === null) return [];
  return Object.entries(x as Record<string, unknown>).flatMap(([k, v]) =>
    (k === 'message' || k === 'text') && typeof v === 'string' ? [v] : wordsIn(v),
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
