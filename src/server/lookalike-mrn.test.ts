/**
 * Finding: look-alike letters in an MRN. `MRN-1` with a Cyrillic `М` (U+041C) or Greek `Ν` (U+039D) was
 * registered beside patient A's `MRN-1`, through the API and through FHIR import, and the two patients
 * appeared to share an MRN. An MRN is now ASCII letters, digits and `-`, `.`, `/` (clinic/records.ts
 * `MRN_PATTERN`, docs/threat-model.md); names keep every script.
 *
 * Finding: a FHIR Patient naming two MRNs was imported under the first it listed — an old number marked
 * `"use": "old"`, or one of two current ones — so the patient was filed under a number that is not theirs.
 * Old numbers are passed over and two different current ones are refused (src/fhir/import.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const sys = { actor: 'system:test' };

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`look-alike MRNs on ${backend.name}`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi(backend);
    });
    afterAll(() => api.dispose());

    const post = (url: string, contentType: string, payload: string) =>
      api.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': contentType, authorization: `Bearer ${api.tokens.physician}` },
        payload,
      });

    it("look-alike characters in an MRN (Cyrillic or Greek letters for Latin ones) registered a second patient who appeared to share another patient's MRN: now a 400 naming the field, nothing created", async () => {
      const mrn = api.patientA.mrn; // MRN-1
      const lookalikes = [
        mrn.replace('M', '\u041C'), // Cyrillic capital EM
        mrn.replace('N', '\u039D'), // Greek capital NU
        mrn.replace('R', '\u0420').replace('M', '\u041C'), // Cyrillic ER and EM: a whole look-alike word
        'MRN-\uFF11', // a fullwidth digit one
        'MRN 1', // a space, which a second space beside it hides
      ];
      const read = await api.call('physician', 'GET', `/fhir/Patient/${api.patientA.id}`);
      const resource = read.json<Record<string, unknown>>();
      delete resource.id;
      delete resource.meta;
      const before = await api.store.listPatients(sys);
      for (const [i, lookalike] of lookalikes.entries()) {
        const rest = await post(
          '/api/v1/patients',
          'application/json',
          JSON.stringify(patientInput(60 + i, { mrn: lookalike })),
        );
        const fhir = await post(
          '/fhir/Patient',
          'application/fhir+json',
          JSON.stringify(resource).replaceAll(JSON.stringify(mrn), JSON.stringify(lookalike)),
        );
        for (const res of [rest, fhir]) {
          expect(res.statusCode, `${JSON.stringify(lookalike)}: ${res.body}`).toBe(400);
          expect(res.body).toMatch(/ITB_E_(INVALID_INPUT|FHIR_INVALID_RESOURCE)/);
          expect(res.body).toContain('an MRN is written in ASCII letters');
        }
      }
      expect(await api.store.listPatients(sys)).toEqual(before);
      // Plain MRNs in the charset are registered; a name keeps its own script.
      for (const [i, plain] of ['MRN-1/2024', 'ab.77-X'].entries()) {
        const res = await post(
          '/api/v1/patients',
          'application/json',
          JSON.stringify(patientInput(70 + i, { mrn: plain, name: 'Мария Иванова' })),
        );
        expect(res.statusCode, res.body).toBe(201);
      }
    });

    it('an MRN differing only in upper and lower case ("mrn-1" beside "MRN-1") registered a second patient who read as the first: now a 409 naming the registered MRN, nothing created', async () => {
      const before = await api.store.listPatients(sys);
      for (const [i, other] of [api.patientA.mrn.toLowerCase(), 'Mrn-1'].entries()) {
        const res = await post(
          '/api/v1/patients',
          'application/json',
          JSON.stringify(patientInput(80 + i, { mrn: other })),
        );
        expect(res.statusCode, res.body).toBe(409);
        expect(res.body).toContain(`already registered as ${api.patientA.mrn}`);
      }
      expect(await api.store.listPatients(sys)).toEqual(before);
    });

    it('a FHIR Patient naming two MRNs was imported under the first it listed (an old one, or one of two current ones): the old one is passed over, two current ones are refused 400, nothing created', async () => {
      const read = await api.call('physician', 'GET', `/fhir/Patient/${api.patientA.id}`);
      const exported = read.json<Record<string, unknown>>();
      delete exported.id;
      delete exported.meta;
      const mr = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };
      const withIds = (identifier: object[]) => JSON.stringify({ ...exported, identifier });
      const before = await api.store.listPatients(sys);
      for (const identifier of [
        [
          { system: 'urn:itb:mrn', value: 'MRN-90' },
          { system: 'urn:itb:mrn', value: 'MRN-91' },
        ],
        [
          { type: mr, system: 'urn:other-hospital', value: 'H-90' },
          { type: mr, system: 'urn:third-hospital', value: 'T-91' },
        ],
      ]) {
        const res = await post('/fhir/Patient', 'application/fhir+json', withIds(identifier));
        expect([res.statusCode, res.body]).toEqual([
          400,
          expect.stringContaining('more than one medical record number'),
        ]);
      }
      expect(await api.store.listPatients(sys)).toEqual(before);
      const moved = await post(
        '/fhir/Patient',
        'application/fhir+json',
        withIds([
          { use: 'old', system: 'urn:itb:mrn', value: 'MRN-92-OLD' },
          { system: 'urn:itb:mrn', value: 'MRN-92' },
          { system: 'urn:itb:mrn', value: 'MRN-92' },
        ]),
      );
      expect(moved.statusCode, moved.body).toBe(201);
      expect(moved.json<{ identifier: { value: string }[] }>().identifier[0]?.value).toBe('MRN-92');
    });
  });
}
