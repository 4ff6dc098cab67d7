/**
 * Issue 12: a pump implanted from the web app got no virtual pump in the demo, so a new patient could not
 * be interrogated, programmed, refilled, troubleshot or replaced. Over the demo's real HTTP API: a pump
 * paired by the demo and recorded by the implant procedure answers on the link with those keys, filled with
 * the recorded initial fill; its battery aged to ERI shows on the pathway; a replacement in one
 * transaction starts the new pump and takes the old one off the link.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { DEMO_PASSWORD } from './cast.ts';
import { startDemo, type RunningDemo } from './demo.ts';

let demo: RunningDemo | undefined;
let dir: string;
let token = '';

const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await fetch(`${demo?.url ?? ''}${path}`, {
    method,
    headers: {
      ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
};

interface PumpStatus {
  serial: string;
  patientId: string;
  mode: string;
  reservoirMl: number;
  catheter: { volumeMl: number };
  batteryEri: boolean;
}
const pumpsNow = async () => ((await call('GET', '/api/v1/demo/status')).json.pumps ?? []) as PumpStatus[];

const fill = { drug: 'baclofen', concentrationNgPerMl: 500_000, volumeNl: 20_000_000, lot: 'NEW-LOT-1' };
const procedure = (serial: string, linkKeys: unknown, implantDate: string) => ({
  pumpSerial: serial,
  deviceProfileId: 'peristaltic-20',
  implantDate,
  pocketSide: 'right',
  catheter: { model: '8709SC', implantedLengthMm: 480, tipLevel: 'T10' },
  linkKeys,
  initialFill: fill,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itb-demo-implants-'));
  demo = await startDemo({ dataDir: dir, port: 0, scryptCost: { N: 1024, r: 8, p: 1 }, web: false });
  const login = await call('POST', '/api/v1/auth/login', {
    email: 'physician@demo.itb',
    password: DEMO_PASSWORD,
  });
  token = (login.json as { token: string }).token;
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('pumps implanted from the web app in the demo', () => {
  let patientId = '';
  let implantId = '';
  const P = () => `/api/v1/patients/${patientId}`;

  it('an implant recorded from the web app gets a virtual pump: paired keys, initial fill, stopped until programmed', async () => {
    const created = await call('POST', '/api/v1/patients', patientInput(901, { mrn: 'NEW-901' }));
    expect(created.status).toBe(201);
    patientId = created.json.id as string;
    const paired = await call('POST', '/api/v1/demo/pairing', { serial: 'NEW-PUMP-1' });
    expect(paired.status).toBe(201);
    const implant = await call(
      'POST',
      `${P()}/implant-procedure`,
      procedure('NEW-PUMP-1', paired.json.linkKeys, '2026-01-05'),
    );
    expect(implant.status).toBe(201);
    const recorded = implant.json.implant as { id: string; catheter: { volumeNl: number } };
    implantId = recorded.id;

    const pump = (await pumpsNow()).find((p) => p.serial === 'NEW-PUMP-1');
    expect(pump).toMatchObject({
      patientId,
      mode: 'stopped',
      reservoirMl: fill.volumeNl / 1_000_000,
      catheter: { volumeMl: Math.round(recorded.catheter.volumeNl / 1000) / 1000 },
    });
    // The clinic reaches it over the link with the keys the implant recorded.
    const snap = await call('POST', `${P()}/pump/interrogate`);
    expect(snap.status).toBe(200);
    expect(snap.json.snapshot).toMatchObject({
      status: { mode: 'stopped', concentration: fill.concentrationNgPerMl, reservoir: fill.volumeNl },
    });
  });

  it('an implant recorded with keys the demo did not pair gets no virtual pump', async () => {
    const other = await call('POST', '/api/v1/patients', patientInput(902, { mrn: 'NEW-902' }));
    await call('POST', '/api/v1/demo/pairing', { serial: 'NEW-PUMP-2' });
    const implant = await call(
      'POST',
      `/api/v1/patients/${other.json.id as string}/implant-procedure`,
      procedure('NEW-PUMP-2', { keyId: '0a0b0c0d0e0f1011' }, '2026-01-05'),
    );
    expect(implant.status).toBe(201);
    expect((await pumpsNow()).map((p) => p.serial)).not.toContain('NEW-PUMP-2');
  });

  it('pairing a serial already running in the demo is refused', async () => {
    const again = await call('POST', '/api/v1/demo/pairing', { serial: 'NEW-PUMP-1' });
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.json)).toContain('already implanted');
  });

  it('the battery aged to ERI through the demo route; the replacement in one transaction starts the new pump and stops the old', async () => {
    const rx = {
      mode: 'simple-continuous',
      drug: 'baclofen',
      concentrationMcgPerMl: 500,
      doseMcgPerDay: 100,
    };
    const first = await call('POST', `${P()}/prescriptions`, {
      justification: 'first programme',
      prescription: rx,
      expectedHeadId: null,
      implantId,
    });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    const aged = await call('POST', '/api/v1/demo/battery', { patientId });
    expect(aged.status).toBe(200);
    expect((await pumpsNow()).find((p) => p.serial === 'NEW-PUMP-1')?.batteryEri).toBe(true);
    expect((await call('POST', `${P()}/pump/interrogate`)).status).toBe(200);
    expect((await call('GET', `${P()}/pathway`)).json.stage).toBe('replacement-due');

    const paired = await call('POST', '/api/v1/demo/pairing', { serial: 'NEW-PUMP-3' });
    const done = await call('POST', `${P()}/implants/${implantId}/replacement`, {
      procedure: procedure('NEW-PUMP-3', paired.json.linkKeys, '2026-01-20'),
      programme: {
        prescription: rx,
        expectedHeadId: (first.json.record as { id: string }).id,
        justification: 'the programme the old pump ran',
      },
      explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
    });
    expect(done.status, JSON.stringify(done.json)).toBe(201);
    const serials = (await pumpsNow()).filter((p) => p.patientId === patientId).map((p) => p.serial);
    expect(serials).toEqual(['NEW-PUMP-3']);
    const snap = await call('POST', `${P()}/pump/interrogate`);
    expect(snap.status).toBe(200);
    // The new pump answers: filled at surgery, stopped until its programme is sent.
    expect(snap.json.snapshot).toMatchObject({ status: { mode: 'stopped', reservoir: fill.volumeNl } });
  });
});
