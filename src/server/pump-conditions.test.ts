/**
 * Finding 3: ERI disappeared after a refill (Status OK, Battery "unknown"). Finding 4: an empty pump was
 * never called empty, and looked LESS urgent after an interrogation. Invariants (docs/invariants.md I3, I4):
 * a condition the pump reported stays visible with its since until a later interrogation clears it or a
 * person resolves it; empty is called empty (status, critical alert, top of the board) and a restart after
 * an interruption longer than the drug's threshold is flagged with the label's restart guidance.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardRow } from '../clinic/risk-board.ts';
import type { AlertInboxItem } from '../clinic/store.ts';
import { continuous } from '../pump/test-fixtures.ts';
import { epochMs, mcgPerMl } from '../therapy/quantities.ts';
import { DAY, pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

/** Records a 2 mL fill of the rig's pump at `at` (found empty: residual 0). */
async function recordSmallFill(
  o: PumpApi,
  at: number,
  drug: 'baclofen' | 'morphine',
  concentrationNgPerMl: number,
): Promise<void> {
  await o.api.store.recordRefill(
    {
      patientId: o.patientId,
      implantId: o.implantId,
      at,
      expectedResidualNl: 0,
      measuredResidualNl: 0,
      drug,
      concentrationNgPerMl,
      lot: 'L0',
      volumeAddedNl: 2_000_000,
      justification: 'pump found empty at the visit',
    },
    sys,
  );
}

async function boardRowOf(o: PumpApi): Promise<BoardRow> {
  const res = await o.api.call('nurse', 'GET', '/api/v1/board');
  const row = res.json<{ rows: BoardRow[] }>().rows.find((r) => r.patientId === o.patientId);
  if (row === undefined) throw new Error('patient not on the board');
  return row;
}

describe('what the pump reported stays visible (findings 3 and 4)', () => {
  it('ERI disappears after a refill: ERI stays with its since through a refill and an alarm test', async () => {
    open = await withPumpApi({
      pumpState: (s) =>
        s.battery === null ? s : { ...s, battery: { ...s.battery, eriAt: epochMs(s.clock - 60 * DAY) } },
    });
    const { api, patientId, server } = open;
    const first = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    expect(first.statusCode, first.body).toBe(200);
    const seenAt = api.clock.t;
    expect((await boardRowOf(open)).battery).toEqual({ eri: true, at: seenAt });

    const plan = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
    const p = plan.json<{ planId: string; next: string }>();
    expect(p.next, plan.body).toBe('ready');
    // ERI is said before the refill, and the refill goes on only with the replacement plan named.
    expect(plan.body).toContain('ITB_R_PROG_PUMP_AT_ERI');
    const unjustified = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(unjustified.statusCode, unjustified.body).toBe(422);
    const done = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/apply'), {
      planId: p.planId,
      confirm: true,
      justification: 'replacement booked before end of service',
    });
    expect(done.statusCode, done.body).toBe(200);
    const afterRefill = await boardRowOf(open);
    expect(afterRefill.battery).toEqual({ eri: true, at: seenAt });
    expect(afterRefill.status).not.toBe('ok');
    expect(afterRefill.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_BATTERY_ERI');

    api.clock.t += 60_000;
    const test = await api.call('nurse', 'POST', pumpUrl(patientId, 'alarm-test'), { heard: true });
    expect(test.statusCode, test.body).toBe(200);
    expect((await boardRowOf(open)).battery).toEqual({ eri: true, at: seenAt });
    const alerts = (await api.call('nurse', 'GET', `/api/v1/alerts?patientId=${patientId}`)).json<
      AlertInboxItem[]
    >();
    expect(alerts.filter((a) => a.condition === 'eri').map((a) => a.since)).toEqual([seenAt]);
  });

  it('a condition no later interrogation reports is closed, naming what cleared it', async () => {
    open = await withPumpApi();
    const { api, patientId, implantId } = open;
    const session = (alarms: string[]) =>
      api.store.recordProgrammingSession(
        {
          patientId,
          implantId,
          at: api.clock.t,
          interrogation: { snapshot: { status: { alarms } } },
          diff: [],
        },
        sys,
      );
    await session(['low-reservoir']);
    const raised = await api.store.listAlerts({ patientId, openOnly: true }, sys);
    expect(raised.map((a) => a.condition)).toEqual(['low-reservoir']);
    api.clock.t += 60_000;
    await session(['low-reservoir']); // still reported: still one alert, same since
    expect((await api.store.listAlerts({ patientId, openOnly: true }, sys)).map((a) => a.since)).toEqual([
      raised[0]?.since,
    ]);
    api.clock.t += 60_000;
    await session([]);
    expect(await api.store.listAlerts({ patientId, openOnly: true }, sys)).toEqual([]);
    const [cleared] = await api.store.listAlerts({ patientId }, sys);
    expect(cleared?.resolved?.resolution).toBe('closed: a later interrogation no longer reports it');
  });

  it('an empty pump is never called empty: empty on the board before and after an interrogation, critical alert, restart flagged', async () => {
    // 2 mL at 0.25 mL/day filled 21 days ago: empty about 13 days ago (the high-risk patient of fixture 7).
    const filledAt = Date.UTC(2023, 11, 11); // 21 days before the suite's start (2024-01-01)
    open = await withPumpApi({ pump: { fillMl: 2, now: epochMs(filledAt) } });
    const o = open;
    await recordSmallFill(o, filledAt, 'baclofen', 2_000_000);
    const before = await boardRowOf(o);
    expect(before.status).toBe('empty');
    expect(before.emptySince).toBeLessThan(o.api.clock.t - 12 * DAY);
    expect(before.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_EMPTY');

    const res = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'interrogate'));
    expect(res.statusCode, res.body).toBe(200);
    const after = await boardRowOf(o);
    expect(after.status).toBe('empty');
    expect(after.emptySince).toBe(before.emptySince);
    const board = (await o.api.call('nurse', 'GET', '/api/v1/board')).json<{ rows: BoardRow[] }>().rows;
    expect(board[0]?.patientId).toBe(o.patientId);
    const alerts = (await o.api.call('nurse', 'GET', '/api/v1/alerts?state=open')).json<AlertInboxItem[]>();
    expect(alerts[0]).toMatchObject({
      patientId: o.patientId,
      severity: 'critical',
      condition: 'empty-reservoir',
    });

    const plan = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'refill/plan'), refillBody(o.server));
    expect(plan.statusCode, plan.body).toBe(200);
    const reasons = plan.json<{ guardrail: { reasons: { code: string; message: string }[] } }>().guardrail
      .reasons;
    const restart = reasons.find((r) => r.code === 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION');
    expect(restart?.message).toMatch(/do not restart at the prior full dose/);
  });
  it('opioid restart: a morphine pump that ran dry for days was refilled and restarted at its full dose without a word; the restart is flagged with the opioid’s own guidance', async () => {
    // 2 mL of 25 mg/mL at 5 mg/day (0.2 mL/day) filled 21 days ago: dry for about 11 days.
    const filledAt = Date.UTC(2023, 11, 11);
    const morphine = { drug: 'morphine' as const, concentration: mcgPerMl(25_000) };
    open = await withPumpApi({
      pump: { prescription: continuous(5_000, morphine), fillMl: 2, now: epochMs(filledAt) },
    });
    const o = open;
    const head = (await o.api.store.currentPrescription(o.patientId, sys))?.id ?? null;
    await o.api.store.appendPrescription(
      o.patientId,
      { mode: 'simple-continuous', drug: 'morphine', concentrationMcgPerMl: 25_000, doseMcgPerDay: 5_000 },
      { ...sys, expectedHeadId: head },
    );
    await recordSmallFill(o, filledAt, 'morphine', 25_000_000);
    expect((await boardRowOf(o)).status).toBe('empty');
    const read = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'interrogate'));
    expect(read.statusCode, read.body).toBe(200);
    const plan = await o.api.call(
      'nurse',
      'POST',
      pumpUrl(o.patientId, 'refill/plan'),
      refillBody(o.server, 25_000),
    );
    expect(plan.statusCode, plan.body).toBe(200);
    const reasons = plan.json<{ guardrail: { reasons: { code: string; message: string }[] } }>().guardrail
      .reasons;
    const restart = reasons.find((r) => r.code === 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION');
    expect(restart, JSON.stringify(reasons)).toBeDefined();
    expect(restart?.message).toMatch(/opioid tolerance/);
    expect(restart?.message).toMatch(/0\.2–1 mg\/day/);
    expect(restart?.message).not.toMatch(/baclofen/i);
  });

  it("a motor-stall alert resolved by hand while the pump still reported the stall took the patient off the board's top tier: the resolve is refused until an interrogation no longer reports it", async () => {
    open = await withPumpApi({
      pumpState: (s) => ({
        ...s,
        motor: { ...s.motor, stalled: true, cause: 'fault', since: epochMs(s.clock - DAY) },
      }),
    });
    const { api, patientId } = open;
    expect((await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'))).statusCode).toBe(200);
    const stallAlert = async () =>
      (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/alerts`))
        .json<{ id: string; condition?: string; state: string }[]>()
        .find((a) => a.condition === 'motor-stall');
    const alert = await stallAlert();
    expect(alert?.state).toBe('open');
    expect((await boardRowOf(open)).stoppedSince).not.toBeNull();
    const refused = await api.call(
      'physician',
      'POST',
      `/api/v1/patients/${patientId}/alerts/${alert?.id}/resolve`,
      { note: 'probably transient' },
    );
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.body).toContain('ITB_E_CLINIC_ALERT_CAUSE_STANDS');
    expect(refused.body).toMatch(/last interrogation .* still reports it/);
    expect((await stallAlert())?.state).toBe('open');
    const row = await boardRowOf(open);
    expect(row.stoppedSince).not.toBeNull();
    expect(row.verdict).toBe('block');
  });

  it('a condition that does not stop delivery (ERI) may still be resolved by hand with a note, once the replacement is booked (eri-replacement-overdue.test.ts)', async () => {
    open = await withPumpApi({
      pumpState: (s) =>
        s.battery === null ? s : { ...s, battery: { ...s.battery, eriAt: epochMs(s.clock - DAY) } },
    });
    const { api, patientId } = open;
    await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'));
    const alerts = (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/alerts`)).json<
      { id: string; condition?: string }[]
    >();
    const eri = alerts.find((a) => a.condition === 'eri');
    const booked = await api.call('nurse', 'POST', `/api/v1/patients/${patientId}/appointments`, {
      kind: 'replacement',
      at: api.clock.t + 14 * DAY,
      durationMinutes: 120,
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const res = await api.call(
      'physician',
      'POST',
      `/api/v1/patients/${patientId}/alerts/${eri?.id}/resolve`,
      { note: 'replacement booked' },
    );
    expect(res.statusCode, res.body).toBe(200);
  });

  it('restart told to no one: a refill after weeks without drug restarted the prior full dose and, once the wizard closed, nothing said so; an open overdose-risk alert carries the warning and the note to the physician, the board and the patient’s alerts', async () => {
    const filledAt = Date.UTC(2023, 11, 11); // empty about 13 days before the suite's start, as above
    open = await withPumpApi({ pump: { fillMl: 2, now: epochMs(filledAt) } });
    const o = open;
    await recordSmallFill(o, filledAt, 'baclofen', 2_000_000);
    expect((await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'interrogate'))).statusCode).toBe(200);
    const plan = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'refill/plan'), refillBody(o.server));
    expect(plan.statusCode, plan.body).toBe(200);
    const note = 'restart at half the dose, programmed now; observed 6 h on the ward';
    const done = await o.api.call('nurse', 'POST', pumpUrl(o.patientId, 'refill/apply'), {
      planId: plan.json<{ planId: string }>().planId,
      confirm: true,
      justification: note,
    });
    expect(done.statusCode, done.body).toBe(200);

    const open_ = (await o.api.call('physician', 'GET', '/api/v1/alerts?state=open')).json<
      AlertInboxItem[]
    >();
    const told = open_.find((a) => a.patientId === o.patientId && a.kind === 'overdose-risk');
    expect(told, JSON.stringify(open_)).toMatchObject({ severity: 'warning' });
    expect(told?.message).toMatch(/do not restart at the prior full dose/);
    expect(told?.message).toContain(note);
    // Dates a person reads are in the one date format, never ISO text (docs/invariants.md I20).
    expect(told?.message).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const row = await boardRowOf(o);
    expect(row.openAlerts.count).toBeGreaterThanOrEqual(1);
    expect(row.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_OPEN_ALERTS');
  });
});
