// The FHIR routes over a real SQLite store, through Fastify's inject() (no sockets).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import { ItbError } from '../therapy/codes.ts';
import { bundleSchema, RESOURCE_SCHEMAS, type FhirResource } from './schemas.ts';
import { FHIR_ROUTE_IDS, registerFhirRoutes } from './routes.ts';
import { patientToFhir } from './map-patient.ts';
import { patient as fixturePatient } from './test-fixtures.ts';

let dir: string;
let store: OpenedStore;
const seen: string[] = [];

function app() {
  const a = Fastify();
  // Stand-in for the server's error handler (the real one answers OperationOutcomes).
  a.setErrorHandler((e: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status =
      e instanceof ItbError ? (e.code === 'ITB_E_CLINIC_NOT_FOUND' ? 404 : 400) : (e.statusCode ?? 500);
    return reply.code(status).send({ code: e instanceof ItbError ? e.code : e.code });
  });
  registerFhirRoutes(a, {
    store,
    actorOf: () => 'user:fhir-test',
    baseUrl: 'https://clinic.example/fhir',
    now: () => Date.UTC(2024, 5, 1),
    authorize: (req, access) => {
      seen.push(
        `${access.routeId}:${access.patientId ?? '-'}:${String((req.routeOptions.config as { routeId?: string }).routeId)}`,
      );
    },
  });
  return a;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itb-fhir-'));
  store = await openStore(join(dir, 'itb.sqlite'), { secretKey: 'ab'.repeat(32) });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('FHIR routes', () => {
  it('imports a Patient (application/fhir+json) and exports $everything as a valid Bundle', async () => {
    const a = app();
    const body = JSON.stringify(patientToFhir(fixturePatient, { baseUrl: 'x', now: 0 }));
    const created = await a.inject({
      method: 'POST',
      url: '/fhir/Patient',
      headers: { 'content-type': 'application/fhir+json' },
      body,
    });
    expect(created.statusCode).toBe(201);
    expect(created.headers['content-type']).toContain('application/fhir+json');
    const id = created.json<{ id: string }>().id;
    expect(created.headers.location).toBe(`https://clinic.example/fhir/Patient/${id}`);
    await store.addImplant(
      {
        patientId: id,
        pumpSerial: 'S-1',
        deviceProfileId: 'peristaltic-40',
        implantDate: '2024-02-01',
        pocketSide: 'left',
        catheter: { model: 'C', lengthMm: 400, volumeNl: 90_000, tipLevel: 'T8' },
        linkKeys: {},
      },
      { actor: 'user:doc' },
    );
    await store.appendPrescription(
      id,
      { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 1000, doseMcgPerDay: 350 },
      { actor: 'user:doc', expectedHeadId: null },
    );

    const all = 'Device,Procedure,MedicationRequest,AuditEvent';
    const res = await a.inject({ method: 'GET', url: `/fhir/Patient/${id}/$everything?_type=${all}` });
    expect(res.statusCode).toBe(200);
    const bundle = bundleSchema.parse(res.json());
    for (const e of bundle.entry) {
      const r = e.resource as unknown as FhirResource;
      expect(RESOURCE_SCHEMAS[r.resourceType].safeParse(r).error?.issues ?? [], r.id).toEqual([]);
    }
    const types = bundle.entry.map((e) => e.resource.resourceType);
    expect(types).toEqual(
      expect.arrayContaining(['Patient', 'Device', 'Procedure', 'MedicationRequest', 'AuditEvent']),
    );
    expect(seen).toContain(`${FHIR_ROUTE_IDS.everything}:${id}:${FHIR_ROUTE_IDS.everything}`);
  });

  it('refuses a bad body and an unknown patient with their codes', async () => {
    const a = app();
    const bad = await a.inject({
      method: 'POST',
      url: '/fhir/Patient',
      headers: { 'content-type': 'application/fhir+json' },
      body: '{"resourceType":"Device"}',
    });
    expect([bad.statusCode, bad.json<{ code: string }>().code]).toEqual([400, 'ITB_E_FHIR_INVALID_RESOURCE']);
    const junk = await a.inject({
      method: 'POST',
      url: '/fhir/Patient',
      headers: { 'content-type': 'application/fhir+json' },
      body: '{not json',
    });
    expect(junk.statusCode).toBe(400);
    const none = await a.inject({ method: 'GET', url: '/fhir/Patient/nope/$everything' });
    expect([none.statusCode, none.json<{ code: string }>().code]).toEqual([404, 'ITB_E_CLINIC_NOT_FOUND']);
  });
});
