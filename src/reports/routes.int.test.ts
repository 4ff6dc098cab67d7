// The PDF routes over a real SQLite store, through Fastify's inject() (no sockets).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../clinic/open-store.ts';
import { ItbError } from '../therapy/codes.ts';
import { registerReportRoutes } from './routes.ts';

let dir: string;
let store: OpenedStore;
let patientId = '';
let refillId = '';
const T = Date.UTC(2024, 2, 1, 10);
const ctx = { actor: 'user:doc' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itb-reports-'));
  store = await openStore(join(dir, 'itb.sqlite'), { secretKey: 'cd'.repeat(32), clock: () => T });
  const p = await store.createPatient(
    {
      mrn: 'R1',
      name: 'Rex Report',
      birthDate: '1980-01-01',
      etiology: 'spinal',
      ageBand: '18-64',
      clinicContact: { clinic: 'Neuro', phone: '+44 1' },
    },
    ctx,
  );
  patientId = p.id;
  const implant = await store.addImplant(
    {
      patientId,
      pumpSerial: 'SER-9',
      deviceProfileId: 'peristaltic-20',
      implantDate: '2024-01-02',
      pocketSide: 'left',
      catheter: { model: 'C1', lengthMm: 450, volumeNl: 100_000, tipLevel: 'T9' },
      linkKeys: {},
    },
    ctx,
  );
  await store.appendPrescription(
    patientId,
    { mode: 'simple-continuous', drug: 'baclofen', concentrationMcgPerMl: 500, doseMcgPerDay: 300 },
    { ...ctx, expectedHeadId: null },
  );
  const refill = await store.recordRefill(
    {
      patientId,
      implantId: implant.id,
      at: T,
      expectedResidualNl: 3_000_000,
      measuredResidualNl: 2_800_000,
      drug: 'baclofen',
      concentrationNgPerMl: 500_000,
      lot: 'L-1',
      volumeAddedNl: 20_000_000,
    },
    ctx,
  );
  refillId = refill.id;
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function app() {
  const a = Fastify();
  a.setErrorHandler((e: Error & { statusCode?: number; code?: string }, _req, reply) =>
    reply
      .code(e instanceof ItbError ? (e.code === 'ITB_E_CLINIC_NOT_FOUND' ? 404 : 400) : (e.statusCode ?? 500))
      .send({ code: e.code }),
  );
  registerReportRoutes(a, { store, actorOf: () => 'user:reports-test', now: () => T });
  return a;
}

describe('report routes', () => {
  it('serves the emergency card and the refill report as PDFs', async () => {
    const a = app();
    const card = await a.inject({ method: 'GET', url: `/api/v1/patients/${patientId}/emergency-card.pdf` });
    expect([card.statusCode, card.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(card.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const rep = await a.inject({
      method: 'GET',
      url: `/api/v1/refills/${refillId}/report.pdf?patientId=${patientId}`,
    });
    expect([rep.statusCode, rep.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(rep.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a missing patientId and an unknown refill', async () => {
    const a = app();
    const noPatient = await a.inject({ method: 'GET', url: `/api/v1/refills/${refillId}/report.pdf` });
    // The querystring schema requires it (the app renders this 400 as ITB_E_INVALID_INPUT).
    expect(noPatient.statusCode).toBe(400);
    const unknown = await a.inject({
      method: 'GET',
      url: `/api/v1/refills/nope/report.pdf?patientId=${patientId}`,
    });
    expect([unknown.statusCode, unknown.json<{ code: string }>().code]).toEqual([
      404,
      'ITB_E_CLINIC_NOT_FOUND',
    ]);
  });
});
