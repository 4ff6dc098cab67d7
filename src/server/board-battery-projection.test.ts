/**
 * The board's battery column carries the projected ERI and EOS of every pump (issue 12 item 4): before, the
 * board said only "OK" or "ERI" and named EOS only for a pump whose replacement was already due (the
 * pathway-due list), so a pump a few months from ERI looked the same as a new one. Each row now carries
 * `batteryProjection`, the pathway page's own projection (clinic/pathway/battery-projection.ts) — the same
 * dates as `GET P/pathway`, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

const sys = { actor: 'system:test' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Projection {
  readonly eriAt: number;
  readonly eosAt: number;
  readonly eriReported: boolean;
  readonly eriAtIso: string;
  readonly eosAtIso: string;
}
interface Row {
  readonly patientId: string;
  readonly batteryProjection?: Projection | null;
}
interface PathwayBattery {
  readonly battery: { eriAt: number; eosAt: number; eriReported: boolean } | null;
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `board battery projection — ${backend.skip ?? backend.name}`,
    () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startApi(backend);
      });
      afterAll(() => api.dispose());

      const boardRow = async (patientId: string): Promise<Row | undefined> => {
        const res = await api.call('viewer', 'GET', '/api/v1/board?limit=500');
        expect(res.statusCode, res.body).toBe(200);
        return res.json<{ rows: Row[] }>().rows.find((r) => r.patientId === patientId);
      };
      const pathwayBattery = async (patientId: string) =>
        (await api.call('viewer', 'GET', `/api/v1/patients/${patientId}/pathway`)).json<PathwayBattery>()
          .battery;

      it('the board showed no EOS for a pump not yet due: every row with a pump carries the pathway page’s projected ERI and EOS', async () => {
        const p = await api.store.createPatient(patientInput(41), sys);
        const implant = await api.store.addImplant(implantInput(p.id, 'EOS-41'), sys);
        // An interrogation that read the battery at 55 %: an energy projection, years from ERI.
        await api.store.recordProgrammingSession(
          {
            patientId: p.id,
            implantId: implant.id,
            at: api.clock.t,
            interrogation: { workflow: 'interrogate', batteryEri: false, batteryPercent: 55 },
            diff: [],
          },
          sys,
        );
        const page = await pathwayBattery(p.id);
        expect(page).not.toBeNull();
        expect(page!.eriAt).toBeGreaterThan(api.clock.t);
        const row = await boardRow(p.id);
        expect(row?.batteryProjection).toEqual({
          eriAt: page!.eriAt,
          eosAt: page!.eosAt,
          eriReported: false,
          eosPassed: false,
          eriAtIso: new Date(page!.eriAt).toISOString(),
          eosAtIso: new Date(page!.eosAt).toISOString(),
        });
      });

      it('the board showed no EOS for a pump never interrogated: the age limit from the implant date, as on the pathway page', async () => {
        const page = await pathwayBattery(api.patientA.id);
        expect(page).not.toBeNull();
        const row = await boardRow(api.patientA.id);
        expect(row?.batteryProjection).toMatchObject({ eriAt: page!.eriAt, eosAt: page!.eosAt });
      });

      it('the board and the pathway page projected from different readings: a refill and a later session that reports no battery leave the board on the same reading', async () => {
        const p = await api.store.createPatient(patientInput(42), sys);
        const implant = await api.store.addImplant(implantInput(p.id, 'EOS-42'), sys);
        const at = api.clock.t - 3 * DAY;
        const session = (t: number, interrogation: Record<string, unknown>) =>
          api.store.recordProgrammingSession(
            { patientId: p.id, implantId: implant.id, at: t, interrogation, diff: [] },
            sys,
          );
        await session(at, { workflow: 'interrogate', batteryEri: false, batteryPercent: 20 });
        await api.store.recordRefill(
          {
            patientId: p.id,
            implantId: implant.id,
            at: at + HOUR,
            expectedResidualNl: 3_000_000,
            measuredResidualNl: 3_000_000,
            drug: 'baclofen',
            concentrationNgPerMl: 2_000_000,
            lot: 'EOS-L1',
            volumeAddedNl: 15_000_000,
          },
          sys,
        );
        // A later session that carries no battery reading (a programme change, a write intent).
        await session(at + 2 * HOUR, { workflow: 'program' });
        const page = await pathwayBattery(p.id);
        expect(page?.eosAt).toBeLessThan(api.clock.t + 2 * 365 * DAY);
        const row = await boardRow(p.id);
        expect(row?.batteryProjection).toMatchObject({ eriAt: page!.eriAt, eosAt: page!.eosAt });
      });

      it('a row without a pump carries no projection (null, not a made-up date)', async () => {
        expect(await pathwayBattery(api.patientB.id)).toBeNull();
        const row = await boardRow(api.patientB.id);
        expect(row).toBeDefined();
        expect(row?.batteryProjection).toBeNull();
      });
    },
  );
}
