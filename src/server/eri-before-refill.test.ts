/**
 * ERI against refill-by (clinic/battery-concern.ts): a pump at its elective replacement indicator whose
 * projected end of service comes before the next refill-by date stops before that refill is due, so the
 * battery statement is critical and says so — on `GET …/dates` (the patient page) and in the booking's
 * concerns; a pump whose EOS is after refill-by stays a warning that names its projected EOS.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Reason } from '../therapy/verdict.ts';
import { epochMs } from '../therapy/quantities.ts';
import type { PumpState } from '../pump/state.ts';
import { continuous, implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { riskBoard } from '../clinic/risk-board.ts';
import { DAY, HOUR, pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';
import { pdfText } from '../reports/pdf-common.ts';
import { hasPhrase, readPdf } from '../reports/pdf-read.test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

/** A pump at ERI with `leftPercent` of its battery capacity left. */
const atEri =
  (leftPercent: number) =>
  (s: PumpState): PumpState =>
    s.battery === null
      ? s
      : {
          ...s,
          battery: {
            ...s.battery,
            eriAt: epochMs(s.clock - 10 * DAY),
            usedNj: Math.round(s.profile.battery!.capacityNj.value * (1 - leftPercent / 100)),
          },
        };

interface Dates {
  refillBy: number | null;
  battery: Reason | null;
  concerns: Reason[];
}

/** Refills the rig's pump (the refill books the next one) and reads the patient's dates. */
async function refillAndRead(rig: PumpApi): Promise<Dates> {
  const { api, patientId, server } = rig;
  const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
  expect(plan.statusCode, plan.body).toBe(200);
  const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
    planId: plan.json<{ planId: string }>().planId,
    confirm: true,
    justification: 'replacement surgery being booked',
  });
  expect(done.statusCode, done.body).toBe(200);
  const res = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Dates>();
}

for (const backend of API_BACKENDS)
  describe.skipIf(backend.skip !== undefined)(`ERI against refill-by on ${backend.name}`, () => {
    it('ERI warning vs refill-by: a pump at ERI whose projected EOS falls before the next refill-by is critical and says so, on the patient dates and in the booking concerns', async () => {
      open = await withPumpApi({ backend, pumpState: atEri(2.5) });
      const dates = await refillAndRead(open);
      expect(dates.refillBy).not.toBeNull();
      expect(dates.battery).toMatchObject({ code: 'ITB_R_CLINIC_BOOKING_PUMP_BATTERY', severity: 'block' });
      expect(dates.battery?.message).toMatch(
        /end of service \(EOS\) is projected on .+, BEFORE the refill-by date/,
      );
      const concern = dates.concerns.find((c) => c.code === 'ITB_R_CLINIC_BOOKING_PUMP_BATTERY');
      expect(concern?.severity).toBe('block');
      expect(concern?.message).toContain('BEFORE the refill-by date');
    });

    it('emergency card said nothing of a pump at ERI that stops before its refill-by date, which the patient page says critical: the card prints the patient page’s battery statement (front: replacement due; back: the statement), still on two pages', async () => {
      open = await withPumpApi({ backend, pumpState: atEri(2.5) });
      const dates = await refillAndRead(open);
      const card = await open.api.call(
        'nurse',
        'GET',
        `/api/v1/patients/${open.patientId}/emergency-card.pdf`,
      );
      expect(card.statusCode, card.body).toBe(200);
      const pdf = await readPdf(card.rawPayload);
      const text = pdf.text.join(' ');
      expect(dates.battery?.message).toBeDefined();
      expect([pdf.pages, pdf.untagged]).toEqual([2, []]);
      expect(hasPhrase(pdf.text[0]!, 'Battery REPLACEMENT DUE - see the back'), text).toBe(true);
      expect(hasPhrase(pdf.text[1]!, `PUMP BATTERY ${pdfText(dates.battery!.message)}`), text).toBe(true);
    });

    it('a pump whose projected EOS had passed was still a warning "plan the replacement" and "ERI — replace" on the board: the patient dates say it may have stopped (critical), and the board and the pathway say the EOS passed', async () => {
      // Signed in for the whole test: the clock moves three months on.
      open = await withPumpApi({ backend, pumpState: atEri(60), sessionTtlMs: 365 * DAY });
      const before = await refillAndRead(open);
      expect(before.battery?.severity).toBe('warn');
      const eos = /end of service \(EOS\) is projected on (\w{3} \d{1,2} \w{3} \d{4})/.exec(
        before.battery?.message ?? '',
      )?.[1];
      expect(eos, before.battery?.message).toBeDefined();
      // No interrogation since: 91 days on, the projected EOS (90 days from the first ERI report) has passed.
      open.api.clock.t += 91 * DAY;
      const { api, patientId } = open;
      const after = (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`)).json<Dates>();
      expect(after.battery).toMatchObject({ code: 'ITB_R_CLINIC_BOOKING_PUMP_BATTERY', severity: 'block' });
      expect(after.battery?.message).toContain(
        `end of service (EOS) was projected on ${eos}, and that day has passed`,
      );
      expect(after.battery?.message).toContain('may have stopped delivering');
      const board = await api.call('nurse', 'GET', '/api/v1/board');
      const row = board
        .json<{ rows: { patientId: string; batteryProjection: { eosPassed: boolean } | null }[] }>()
        .rows.find((r) => r.patientId === patientId);
      expect(row?.batteryProjection?.eosPassed).toBe(true);
      const pathway = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/pathway`);
      const plan = pathway.json<{ battery: { plan: { eosPassed: boolean; refillPolicy: string } } }>().battery
        .plan;
      expect(plan.eosPassed).toBe(true);
      expect(plan.refillPolicy).toContain('interrogate it now');
    });

    it('a pump whose projected EOS had passed sorted by its refill-by date, not with the overdue: it is in the top tier, ahead of an overdue patient who is not high risk, and in the overdue and ERI filters', async () => {
      // Signed in for the whole test: the clock moves to past the projected EOS.
      open = await withPumpApi({ backend, pumpState: atEri(2.5), sessionTtlMs: 365 * DAY });
      const { api, patientId } = open;
      // An overdue patient (a pump and a prescription, no refill or interrogation: state unknown), not high
      // risk, so a high-risk patient in the same tier sorts before it.
      const sys = { actor: 'system:test' };
      const overdue = await api.store.createPatient(
        patientInput(3, {
          highRisk: { injuryAtT6OrAbove: false, cannotCommunicate: false, priorWithdrawal: false },
        }),
        sys,
      );
      const implant = await api.store.addImplant(implantInput(overdue.id, 'SER-O'), sys);
      await api.store.appendPrescription(overdue.id, continuous(300, 2000), {
        ...sys,
        expectedHeadId: null,
        implantId: implant.id,
      });
      await refillAndRead(open);
      type Row = {
        patientId: string;
        refillBy: number | null;
        overdue: boolean;
        eosPassed: boolean;
        verdict: string;
        reasons: Reason[];
        batteryProjection: { eosAt: number; eosPassed: boolean } | null;
      };
      const board = async (query = '') =>
        (await api.call('nurse', 'GET', `/api/v1/board${query}`)).json<{ rows: Row[] }>().rows;
      const mine = (rows: Row[]) => rows.find((r) => r.patientId === patientId);
      const refilled = mine(await board());
      const eosAt = refilled?.batteryProjection?.eosAt;
      const refillBy = refilled?.refillBy;
      // A full reservoir: the pump stops (EOS) before its refill is due.
      expect(eosAt !== undefined && refillBy !== null && refillBy !== undefined && eosAt < refillBy).toBe(
        true,
      );
      // No interrogation since: an hour past the projected EOS, before refill-by.
      api.clock.t = eosAt! + HOUR;
      const rows = await board();
      // The top tier is the "overdue" filter's rows, first in the board's order; high risk first within it.
      // Before, the pump sorted by its refill-by date among the rows due later, and the filter left it out.
      const top = (await board('?filter=overdue')).map((r) => r.patientId);
      expect(top).toEqual([patientId, overdue.id]);
      expect(rows.map((r) => r.patientId).slice(0, 2)).toEqual(top);
      expect((await board('?filter=eri')).map((r) => r.patientId)).toEqual([patientId]);
      // The row says why: critical, its refill not overdue.
      const row = mine(rows);
      expect(row).toMatchObject({ overdue: false, eosPassed: true, verdict: 'block' });
      expect(row?.batteryProjection?.eosPassed).toBe(true);
      expect(row?.reasons.find((r) => r.code === 'ITB_R_BOARD_EOS_PASSED')?.severity).toBe('block');
      // The in-memory order of the board's records agrees with the paged SQL read.
      const records = await api.store.boardRecords(sys);
      expect(riskBoard(records, api.clock.t).map((r) => r.patientId)).toEqual(rows.map((r) => r.patientId));
    });

    it('a pump at ERI whose projected EOS is after refill-by is a warning that names its projected EOS', async () => {
      open = await withPumpApi({ backend, pumpState: atEri(60) });
      const dates = await refillAndRead(open);
      expect(dates.battery).toMatchObject({ code: 'ITB_R_CLINIC_BOOKING_PUMP_BATTERY', severity: 'warn' });
      expect(dates.battery?.message).toMatch(/end of service \(EOS\) is projected on /);
      expect(dates.battery?.message).not.toContain('BEFORE');
    });

    it('the refill wizard\'s ERI warning said "within about 90 days" with no EOS day: the plan\'s step-1 warning names the projected EOS day, in the words of the patient dates', async () => {
      open = await withPumpApi({ backend, pumpState: atEri(60) });
      const { api, patientId, server } = open;
      const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
      expect(plan.statusCode, plan.body).toBe(200);
      const steps = plan.json<{ steps: { step: string; reasons: Reason[] }[] }>().steps;
      const eri = steps[0]?.reasons.find((r) => r.code === 'ITB_R_PROG_PUMP_AT_ERI');
      const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
      const card = dates.json<Dates>().battery?.message ?? '';
      const eos = /end of service \(EOS\) is projected on (\w{3} \d{1,2} \w{3} \d{4})/;
      expect(eos.exec(card)?.[1], card).toBeDefined();
      expect(eos.exec(eri?.message ?? '')?.[1], eri?.message).toBe(eos.exec(card)?.[1]);
      expect(eri?.message).toMatch(/^The pump has been at its elective replacement indicator \(ERI\) since /);
      expect(eri?.message).not.toContain('about 90 days');
    });
  });
