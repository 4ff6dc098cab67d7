/**
 * Findings "NUL in a login e-mail on PostgreSQL is a 500", "NUL in a name is a misleading 503" and
 * "~1,550 levels of JSON nesting in POST …/sessions is a 500": every string of a request is screened for
 * control characters and every JSON body for depth and size in one place (input-guard.ts), and a driver's
 * bad-value error maps to invalid input, never "database unavailable" (clinic/store-core.ts toItbError).
 * Run on SQLite and, with ITB_TEST_PG_URL, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toItbError } from '../clinic/store-core.ts';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { jsonDeeperThan } from './input-guard.ts';
import { API_BACKENDS, PASSWORD, startApi, type TestApi } from './test-support.ts';

const codeOf = (res: { json: () => unknown }) =>
  (res.json() as { issue?: { details: { coding: { code: string }[] } }[] }).issue?.[0]?.details.coding[0]
    ?.code;

const nested = (levels: number, leaf = '0') => '['.repeat(levels) + leaf + ']'.repeat(levels);

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`bad input on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    const send = (url: string, payload: string, account: 'physician' | null = 'physician') =>
      api.app.inject({
        method: 'POST',
        url,
        headers: {
          'content-type': 'application/json',
          ...(account === null ? {} : { authorization: `Bearer ${api.tokens[account]}` }),
        },
        payload,
      });

    it('NUL in a login e-mail on PostgreSQL is a 500: now a 400 on both databases', async () => {
      for (const email of ['nurse\u0000@clinic.example', 'nurse@clinic.example\u0000']) {
        const res = await send('/api/v1/auth/login', JSON.stringify({ email, password: PASSWORD }), null);
        expect([res.statusCode, codeOf(res)], res.body).toEqual([400, 'ITB_E_INVALID_INPUT']);
        expect(res.body).toContain('U+0000');
      }
    });

    it('NUL in a name is a misleading 503: now a 400 naming the field, and nothing is created', async () => {
      const before = (await api.store.listPatients({ actor: 't' })).length;
      for (const name of ['Ana\u0000Lee', 'Ana\u0007Lee', 'Ana\u009bLee', 'Ana\u001bLee']) {
        const res = await send(
          '/api/v1/patients',
          JSON.stringify(patientInput(40, { mrn: 'MRN-NUL', name })),
        );
        expect([res.statusCode, codeOf(res)], res.body).toEqual([400, 'ITB_E_INVALID_INPUT']);
        expect(res.json<{ issue: { details: { text: string } }[] }>().issue[0]?.details.text).toMatch(
          /^body\.name contains a control character/,
        );
      }
      const nestedKey = { ...patientInput(41), clinicContact: { clinic: 'N\u0000', phone: '+44 1' } };
      expect((await send('/api/v1/patients', JSON.stringify(nestedKey))).statusCode).toBe(400);
      expect((await api.store.listPatients({ actor: 't' })).length).toBe(before);
    });

    it('refuses control characters in the query and the path as well', async () => {
      const q = await api.call('admin', 'GET', '/api/v1/audit?actor=user%00x');
      expect([q.statusCode, codeOf(q)]).toEqual([400, 'ITB_E_INVALID_INPUT']);
      const p = await api.call('physician', 'GET', '/api/v1/patients/a%00b');
      expect(p.statusCode).toBe(400);
    });

    it("a bidi override in an MRN shows as another patient's MRN: now a 400 naming the field, nothing created", async () => {
      const before = (await api.store.listPatients({ actor: 't' })).length;
      // U+202E (right-to-left override) before the reversed MRN: it displays as patient A's MRN.
      const lookalike = `\u202E${[...api.patientA.mrn].reverse().join('')}`;
      for (const over of [
        { mrn: lookalike },
        { mrn: `MRN-\u2067${api.patientA.mrn}` },
        { name: `${api.patientA.name}\u202D` },
        { name: `\u202B${api.patientA.name}` },
      ]) {
        const res = await send('/api/v1/patients', JSON.stringify(patientInput(44, over)));
        expect([res.statusCode, codeOf(res)], res.body).toEqual([400, 'ITB_E_INVALID_INPUT']);
        expect(res.json<{ issue: { details: { text: string } }[] }>().issue[0]?.details.text).toMatch(
          /^body\.(mrn|name) contains a control character \(U\+20/,
        );
      }
      // The same through FHIR: patient A's own resource, its MRN swapped for the look-alike.
      const read = await api.call('physician', 'GET', `/fhir/Patient/${api.patientA.id}`);
      const resource = read.json<Record<string, unknown>>();
      delete resource.id;
      delete resource.meta;
      const asFhir = (mrn: string) =>
        api.app.inject({
          method: 'POST',
          url: '/fhir/Patient',
          headers: {
            'content-type': 'application/fhir+json',
            authorization: `Bearer ${api.tokens.physician}`,
          },
          payload: JSON.stringify(resource).replaceAll(JSON.stringify(api.patientA.mrn), JSON.stringify(mrn)),
        });
      const fhir = await asFhir(lookalike);
      expect([fhir.statusCode, codeOf(fhir)], fhir.body).toEqual([400, 'ITB_E_INVALID_INPUT']);
      expect((await api.store.listPatients({ actor: 't' })).length).toBe(before);
      // The resource is otherwise importable: with a plain new MRN it is created.
      expect((await asFhir('MRN-BIDI-PLAIN')).statusCode).toBe(201);
    });

    it("an invisible character in an MRN (a zero-width space, a joiner, a soft hyphen) showed as another patient's MRN: now a 400 naming the field, nothing created", async () => {
      const before = (await api.store.listPatients({ actor: 't' })).length;
      const mrn = api.patientA.mrn;
      for (const lookalike of [
        `${mrn}\u200B`,
        `${mrn.slice(0, 2)}\u200D${mrn.slice(2)}`,
        `\u2060${mrn}`,
        `${mrn}\u00AD`,
        `${mrn}\u200E`,
      ]) {
        const res = await send('/api/v1/patients', JSON.stringify(patientInput(45, { mrn: lookalike })));
        expect([res.statusCode, codeOf(res)], JSON.stringify(lookalike)).toEqual([
          400,
          'ITB_E_INVALID_INPUT',
        ]);
        expect(res.body).toContain('mrn');
      }
      expect((await api.store.listPatients({ actor: 't' })).length).toBe(before);
      // A name may hold the joiners Persian or Indic names are written with.
      const name = await send(
        '/api/v1/patients',
        JSON.stringify(patientInput(46, { name: 'می\u200Cخواهم' })),
      );
      expect(name.statusCode, name.body).toBe(201);
    });

    it('a repeated MRN was answered with the database\'s own text ("UNIQUE constraint failed: patients.mrn", or the key and its value): a 409 in words, nothing created', async () => {
      const before = (await api.store.listPatients({ actor: 't' })).length;
      const res = await send('/api/v1/patients', JSON.stringify(patientInput(47, { mrn: api.patientA.mrn })));
      expect([res.statusCode, codeOf(res)]).toEqual([409, 'ITB_E_CLINIC_DUPLICATE']);
      expect(res.body).toContain('a patient with this MRN is already registered');
      expect(res.body).not.toMatch(/constraint|duplicate key|patients\.mrn/i);
      expect((await api.store.listPatients({ actor: 't' })).length).toBe(before);
    });

    it('keeps the right-to-left marks that Arabic or Hebrew text may hold', async () => {
      const res = await send(
        '/api/v1/patients',
        JSON.stringify(patientInput(45, { name: 'Dalia \u200Fדליה\u200F Levi' })),
      );
      expect(res.statusCode, res.body).toBe(201);
    });

    it('keeps tabs and line breaks, which free text may hold', async () => {
      const res = await send('/api/v1/patients', JSON.stringify(patientInput(42, { name: 'Ana\tLee' })));
      expect(res.statusCode, res.body).toBeLessThan(500);
      expect(codeOf(res) ?? 'created').not.toBe('ITB_E_INVALID_INPUT');
    });

    it('~1,550 levels of JSON nesting in POST …/sessions is a 500: now a 400, nothing recorded', async () => {
      const url = `/api/v1/patients/${api.patientA.id}/sessions`;
      const before = (await api.store.listProgrammingSessions(api.patientA.id, { actor: 't' })).length;
      for (const levels of [1_550, 100_000]) {
        const body = `{"implantId":"${api.implantA.id}","diff":[],"interrogation":{"x":${nested(levels)}}}`;
        const res = await send(url, body);
        expect([res.statusCode, codeOf(res)], res.body.slice(0, 200)).toEqual([400, 'ITB_E_INVALID_INPUT']);
      }
      const objects = `{"implantId":"${api.implantA.id}","diff":[],"interrogation":${'{"a":'.repeat(1_550)}1${'}'.repeat(1_550)}}`;
      expect((await send(url, objects)).statusCode).toBe(400);
      const fhir = await api.app.inject({
        method: 'POST',
        url: '/fhir/Patient',
        headers: { 'content-type': 'application/fhir+json', authorization: `Bearer ${api.tokens.physician}` },
        payload: nested(5_000),
      });
      expect(fhir.statusCode).toBe(400);
      expect((await api.store.listProgrammingSessions(api.patientA.id, { actor: 't' })).length).toBe(before);
    });

    it('refuses a body over the size limit with 413', async () => {
      const huge = JSON.stringify({ ...patientInput(43), name: 'x'.repeat(2 * 1024 * 1024) });
      const res = await send('/api/v1/patients', huge);
      expect([res.statusCode, codeOf(res)]).toEqual([413, 'ITB_E_PAYLOAD_TOO_LARGE']);
    });
  });
}

describe('the depth count and the driver error mapping', () => {
  it('counts nesting on the raw text, skipping brackets inside strings', () => {
    expect(jsonDeeperThan(nested(64), 64)).toBe(false);
    expect(jsonDeeperThan(nested(65), 64)).toBe(true);
    expect(jsonDeeperThan(`["${'['.repeat(500)}"]`, 64)).toBe(false);
    expect(jsonDeeperThan(`["\\"${'['.repeat(500)}"]`, 64)).toBe(false);
  });

  it('NUL in a name is a misleading 503: a bad-value driver error is invalid input, not storage', () => {
    for (const code of ['22021', '22P05', '22001', '22003', 'SQLITE_MISMATCH', 'SQLITE_TOOBIG']) {
      expect(toItbError(Object.assign(new Error('bad value'), { code })).code, code).toBe(
        'ITB_E_INVALID_INPUT',
      );
    }
    expect(toItbError(Object.assign(new Error('down'), { code: '57P01' })).code).toBe('ITB_E_CLINIC_STORAGE');
  });
});
