/**
 * A pump replacement as the physician records it (`POST P/implants/:id/replacement`, docs/workflows.md
 * "Replacement and explant"), over HTTP with the real app: what the new pump is recorded with must be what
 * went in, the day it went in. Each refusal writes nothing: the old pump stays in place with its programme.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { implantProcedureInput } from '../clinic/pathway/pathway-fixtures.ts';
import { patientInput } from '../clinic/store-test-fixtures.ts';
import { clinicDayStart, clinicDayText, clinicTimeZone } from '../clinic/time-zone.ts';
import { isoDay } from '../therapy/date-text.ts';
import { API_BACKENDS, START, startApi, type TestApi } from './test-support.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const FILL_500 = { drug: 'baclofen', concentrationNgPerMl: 500_000, volumeNl: 20_000_000, lot: 'LOT-A' };
const RX_500 = {
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 500,
  doseMcgPerDay: 400,
};

/** A procedure with its initial fill (`fill`). */
const procedure = (serial: string, implantDate: string, fill: object = FILL_500) => ({
  ...implantProcedureInput(serial, implantDate),
  initialFill: fill,
});

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `pump replacement routes — ${backend.skip ?? backend.name}`,
    () => {
      let api: TestApi;
      beforeAll(async () => {
        api = await startApi(backend);
      });
      afterAll(() => api.dispose());

      /** A patient with pump OLD-`n` implanted 2023-01-10, filled and running 400 mcg/day of 500 mcg/mL. */
      const implanted = async (n: number) => {
        const p = (await api.call('nurse', 'POST', '/api/v1/patients', patientInput(n))).json<{
          id: string;
        }>();
        const P = `/api/v1/patients/${p.id}`;
        const imp = await api.call('physician', 'POST', `${P}/implant-procedure`, {
          ...procedure(`OLD-${n}`, '2023-01-10', { ...FILL_500, at: START - 300 * DAY }),
        });
        expect(imp.statusCode, imp.body).toBe(201);
        const oldId = imp.json<{ implant: { id: string } }>().implant.id;
        const head = await api.call('physician', 'POST', `${P}/prescriptions`, {
          prescription: RX_500,
          expectedHeadId: null,
          implantId: oldId,
        });
        expect(head.statusCode, head.body).toBe(201);
        const headId = head.json<{ record: { id: string } }>().record.id;
        /** Records the replacement; `at`: the time of the operation, on the procedure's day. */
        const replace = (newProcedure: object, prescription: object = RX_500, at?: number) =>
          api.call('physician', 'POST', `${P}/implants/${oldId}/replacement`, {
            procedure: newProcedure,
            programme: { prescription, expectedHeadId: headId },
            explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
            ...(at === undefined ? {} : { at }),
          });
        /** The serials on record and the pathway's stage and battery: what every page reads of the pump. */
        const records = async () => ({
          serials: (await api.call('viewer', 'GET', `${P}/implants`))
            .json<{ pumpSerial: string }[]>()
            .map((i) => i.pumpSerial),
          explants: (await api.call('viewer', 'GET', `${P}/explants`)).json<unknown[]>().length,
          current: (await api.call('viewer', 'GET', `${P}/prescriptions/current`)).json<{
            current: { id: string };
          }>().current.id,
        });
        return { P, oldId, headId, replace, records };
      };

      it('a replacement pump dated before the pump it replaced was implanted was recorded, and its battery projected from that day read replacement due on the day it went in: the date is refused, nothing written', async () => {
        const { P, headId, replace, records } = await implanted(41);
        const before = await records();
        // A year slip: 2013 typed for 2023-12-30.
        const slipped = await replace(procedure('NEW-41', '2013-12-30'));
        expect(slipped.statusCode, slipped.body).toBe(422);
        expect(slipped.body).toContain('ITB_E_CLINIC_TIME_OUT_OF_RANGE');
        expect(slipped.body).toContain('before the implant date of pump OLD-41 it replaces (10 Jan 2023)');
        expect(await records()).toEqual({ ...before, current: headId });
        expect(before).toEqual({ serials: ['OLD-41'], explants: 0, current: headId });
        // The day it went in is accepted; the new pump's battery is new.
        const done = await replace(procedure('NEW-41', '2023-12-30'));
        expect(done.statusCode, done.body).toBe(201);
        const view = (await api.call('viewer', 'GET', `${P}/pathway`)).json<{
          stage: string;
          battery: { plan: { due: boolean } } | null;
        }>();
        expect(view.stage).not.toBe('replacement-due');
        expect(view.battery?.plan.due).toBe(false);
      });

      it('a replacement pump filled with another concentration than the programme it continues was recorded, so the programme on record named contents the pump did not hold: refused like a refill of other contents, nothing written', async () => {
        const { headId, replace, records } = await implanted(42);
        const before = await records();
        const stronger = { ...RX_500, concentrationMcgPerMl: 2000 };
        const other = await replace(procedure('NEW-42', '2023-12-30'), stronger);
        expect(other.statusCode, other.body).toBe(422);
        expect(other.body).toContain('ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH');
        expect(other.body).toContain('the new pump’s initial fill names baclofen 500 mcg/mL');
        expect(await records()).toEqual({ serials: ['OLD-42'], explants: 0, current: headId });
        expect(before.current).toBe(headId);
        // Another drug in the fill is refused the same way.
        const morphine = await replace(
          procedure('NEW-42', '2023-12-30', {
            ...FILL_500,
            drug: 'morphine',
            concentrationNgPerMl: 10_000_000,
          }),
        );
        expect(morphine.statusCode, morphine.body).toBe(422);
        expect(morphine.body).toContain('ITB_E_CLINIC_REFILL_CONTENTS_MISMATCH');
        // The fill at the programme's concentration is recorded.
        const done = await replace(procedure('NEW-42', '2023-12-30'));
        expect(done.statusCode, done.body).toBe(201);
        expect((await records()).serials).toEqual(['OLD-42', 'NEW-42']);
      });
      it('a replacement pump, which runs no programme until the one it continues is sent to it, read OK on the board at the continued dose right after the replacement: the board and the patient dates say it delivers nothing since the operation', async () => {
        const { P, replace } = await implanted(43);
        const done = await replace(procedure('NEW-43', '2023-12-31'), RX_500, START - HOUR);
        expect(done.statusCode, done.body).toBe(201);
        const patientId = P.split('/').at(-1);
        const row = (await api.call('nurse', 'GET', '/api/v1/board'))
          .json<{
            rows: { patientId: string; stoppedSince: number | null; conditions: { condition: string }[] }[];
          }>()
          .rows.find((r) => r.patientId === patientId);
        expect(row).toMatchObject({ stoppedSince: START - HOUR, conditions: [{ condition: 'not-running' }] });
        const dates = (await api.call('nurse', 'GET', `${P}/dates`)).json<{ notDelivering: unknown }>();
        expect(dates.notDelivering).toEqual({
          since: START - HOUR,
          sinceTimeKnown: true,
          causes: [expect.stringMatching(/^the pump runs no programme/)],
          projected: false,
        });
      });

      it('a replacement recorded three days after the surgery, with no time given, was stamped at the recording: the old pump read as delivering and the new one as stopped only since then; both are dated the surgery day', async () => {
        const { P, oldId, headId } = await implanted(44);
        const done = await api.call('physician', 'POST', `${P}/implants/${oldId}/replacement`, {
          procedure: procedure('NEW-44', '2023-12-29'),
          programme: { prescription: RX_500, expectedHeadId: headId },
          explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
        });
        expect(done.statusCode, done.body).toBe(201);
        const [explant] = (await api.call('viewer', 'GET', `${P}/explants`)).json<{ at: number }[]>();
        const at = explant?.at ?? Number.NaN;
        expect(isoDay(at, clinicTimeZone())).toBe('2023-12-29');
        expect(at).toBeLessThan(api.clock.t - 2 * DAY);
        const dates = (await api.call('nurse', 'GET', `${P}/dates`)).json<{
          notDelivering: { since: number } | null;
        }>();
        expect(dates.notDelivering?.since).toBe(at);
      });

      it('a replacement recorded the day after the surgery showed the new pump implanted and filled at the recording, a day after the old one came out: the fill at surgery is dated the operation', async () => {
        const { P, oldId, headId } = await implanted(45);
        const done = await api.call('physician', 'POST', `${P}/implants/${oldId}/replacement`, {
          procedure: procedure('NEW-45', isoDay(api.clock.t - DAY, clinicTimeZone())),
          programme: { prescription: RX_500, expectedHeadId: headId },
          explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
        });
        expect(done.statusCode, done.body).toBe(201);
        const [explant] = (await api.call('viewer', 'GET', `${P}/explants`)).json<{ at: number }[]>();
        const implants = (await api.call('viewer', 'GET', `${P}/implants`)).json<
          { pumpSerial: string; initialFill: { at: number } | null }[]
        >();
        const fill = implants.find((i) => i.pumpSerial === 'NEW-45')?.initialFill;
        expect(explant?.at).toBeLessThan(api.clock.t - 3_600_000);
        expect(fill?.at).toBe(explant?.at);
      });

      it('a back-dated replacement (its day only) read "not delivering since Fri 4 Dec 2026 00:00 UTC", the day’s first instant as if its time were known: the day is said alone, the earliest instant kept for the arithmetic', async () => {
        const { P, oldId, headId } = await implanted(47);
        const day = isoDay(api.clock.t - DAY, clinicTimeZone());
        const done = await api.call('physician', 'POST', `${P}/implants/${oldId}/replacement`, {
          procedure: procedure('NEW-47', day),
          programme: { prescription: RX_500, expectedHeadId: headId },
          explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
        });
        expect(done.statusCode, done.body).toBe(201);
        const dayStart = clinicDayStart(day);
        const dates = (await api.call('nurse', 'GET', `${P}/dates`)).json<{
          notDelivering: { since: number; sinceTimeKnown: boolean } | null;
        }>();
        expect(dates.notDelivering).toMatchObject({ since: dayStart, sinceTimeKnown: false });
        const board = (await api.call('nurse', 'GET', '/api/v1/board?limit=500')).json<{
          rows: { name: string; stoppedSince: number; reasons: { code: string; message: string }[] }[];
        }>();
        const row = board.rows.find((r) => r.name === patientInput(47).name);
        expect(row?.stoppedSince).toBe(dayStart);
        const runsNone = row?.reasons.find((r) => r.message.includes('runs no programme'))?.message ?? '';
        expect(runsNone).toContain(`(since ${clinicDayText(dayStart)} (time not recorded))`);
        expect(runsNone).not.toContain(new Date(dayStart).toISOString());
      });

      it('a same-day replacement recorded hours after the surgery was dated at the recording, so the interruption read shorter than it was: the time of the operation typed is kept (not on its day, or after now, refused and nothing written)', async () => {
        const { P, oldId, headId, records } = await implanted(48);
        const before = await records();
        const today = isoDay(api.clock.t, clinicTimeZone());
        const send = (at: number, day = today) =>
          api.call('physician', 'POST', `${P}/implants/${oldId}/replacement`, {
            procedure: procedure('NEW-48', day),
            programme: { prescription: RX_500, expectedHeadId: headId },
            explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
            at,
          });
        const otherDay = await send(api.clock.t - 3 * DAY);
        expect(otherDay.statusCode, otherDay.body).toBe(400);
        expect(otherDay.body).toContain('is not on the operation day');
        const later = await send(api.clock.t + HOUR);
        expect(later.statusCode, later.body).toBe(400);
        expect(later.body).toContain('is after now');
        expect(await records()).toEqual(before);

        const operation = clinicDayStart(today) + Math.floor((api.clock.t - clinicDayStart(today)) / 2);
        const done = await send(operation);
        expect(done.statusCode, done.body).toBe(201);
        const dates = (await api.call('nurse', 'GET', `${P}/dates`)).json<{
          notDelivering: { since: number; sinceTimeKnown: boolean } | null;
        }>();
        expect(dates.notDelivering).toMatchObject({ since: operation, sinceTimeKnown: true });
      });

      it("the patient's own page said 'Last refilled on' the old pump's last refill after the replacement: the new pump, filled at surgery, has no refill yet", async () => {
        const { P, oldId, headId } = await implanted(46);
        const refill = await api.call('nurse', 'POST', `${P}/refills`, {
          implantId: oldId,
          expectedResidualNl: 0,
          measuredResidualNl: 0,
          drug: 'baclofen',
          concentrationNgPerMl: 500_000,
          lot: 'LOT-OLD',
          volumeAddedNl: 15_000_000,
          justification: 'ran empty: refilled and restarted',
        });
        expect(refill.statusCode, refill.body).toBe(201);
        const lastRefill = async () =>
          (await api.call('nurse', 'GET', `${P}/care-names`)).json<{ lastRefill: { at: number } | null }>()
            .lastRefill;
        expect(await lastRefill()).not.toBeNull();
        const done = await api.call('physician', 'POST', `${P}/implants/${oldId}/replacement`, {
          procedure: procedure('NEW-46', isoDay(api.clock.t, clinicTimeZone())),
          programme: { prescription: RX_500, expectedHeadId: headId },
          explant: { reason: 'battery-eri', catheter: 'kept', notes: '' },
        });
        expect(done.statusCode, done.body).toBe(201);
        expect(await lastRefill()).toBeNull();
      });
    },
  );
}
