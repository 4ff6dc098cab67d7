/**
 * A pump removed without a replacement is not the patient's pump any more (clinic/implant-in-use.ts, the one
 * rule): the emergency card printed the removed pump — model, serial, refill-by — as implanted, and a pump
 * workflow without a named implant was sent to it. Both now say the patient has no pump in place, and
 * nothing is recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DAY, pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { API_BACKENDS } from './test-support.ts';

const sys = { actor: 'system:test' };

/** Records the rig's pump as removed now, not replaced. */
async function removeWithoutReplacement(o: PumpApi, reason: 'infection' | 'battery-eos'): Promise<void> {
  await o.api.store.recordExplant(
    {
      patientId: o.patientId,
      implantId: o.implantId,
      at: o.api.clock.t,
      reason,
      catheter: 'removed',
      replacementImplantId: null,
    },
    sys,
  );
}

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`a removed pump on ${backend.name}`, () => {
    let open: PumpApi | undefined;
    afterEach(async () => {
      await open?.dispose();
      open = undefined;
    });

    it('removed pump on paper: the emergency card of a patient whose pump was removed and not replaced printed the removed pump; it is refused, saying when it was removed', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId } = open;
      const before = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
      expect(before.statusCode).toBe(200);
      await removeWithoutReplacement(open, 'infection');
      const card = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
      expect(card.statusCode).toBe(404);
      expect(card.body).toContain('no pump in place: the last was removed on');
    });

    it('removed pump at the programmer: a workflow without a named implant went to the removed pump; it is refused and records no session', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId } = open;
      await removeWithoutReplacement(open, 'battery-eos');
      const sessions = (await api.store.listProgrammingSessions(patientId, sys)).length;
      const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate'), {});
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('no pump in place');
      expect((await api.store.listProgrammingSessions(patientId, sys)).length).toBe(sessions);
    });
    it('removed pump on the board: a patient whose pump was removed kept a refill-by, went overdue and then EMPTY with a critical alert to refill a pump that is out; the row says no pump in place', async () => {
      open = await withPumpApi({ backend, sessionTtlMs: 400 * DAY });
      const { api, patientId, implantId } = open;
      // Refilled, then removed a week later.
      await api.store.recordRefill(
        {
          patientId,
          implantId,
          at: api.clock.t,
          expectedResidualNl: 0,
          measuredResidualNl: 0,
          drug: 'baclofen',
          concentrationNgPerMl: 2_000_000,
          lot: 'L0',
          volumeAddedNl: 20_000_000,
          justification: 'refill before the removal',
        },
        sys,
      );
      api.clock.t += 7 * DAY;
      await removeWithoutReplacement(open, 'infection');
      // A year later: the last fill would long have run out.
      api.clock.t += 365 * DAY;
      const board = await api.call('nurse', 'GET', '/api/v1/board');
      expect(board.statusCode, board.body).toBe(200);
      const row = board
        .json<{
          rows: { patientId: string; refillBy: unknown; status: string; reasons: { code: string }[] }[];
        }>()
        .rows.find((r) => r.patientId === patientId);
      expect(row?.refillBy).toBeNull();
      expect(row?.status).not.toMatch(/overdue|empty/);
      expect(row?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_NO_PUMP');
      expect(row?.reasons.map((r) => r.code)).not.toContain('ITB_R_BOARD_EMPTY');
      const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
      expect(dates.json<{ refillBy: unknown }>().refillBy ?? null).toBeNull();
      const alerts = await api.store.listAlerts({ patientId, openOnly: true }, sys);
      // No critical alert to refill a pump that is out: the one critical alert is the removal's own, that
      // intrathecal baclofen has stopped (pathway/removal-withdrawal.ts).
      const critical = alerts.filter((a) => a.severity === 'critical');
      expect(critical.map((a) => a.kind)).toEqual(['withdrawal-risk']);
      expect(critical[0]?.message).not.toMatch(/empty|refill/i);
    });
    it('removed pump at the programmer: a dose change planned before the pump was removed was still applied to it; it is refused and the pump keeps its programme', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, server } = open;
      const plan = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/plan'), {
        proposedDose: '550 mcg/day',
        phase: 'maintenance',
      });
      expect(plan.statusCode, plan.body).toBe(200);
      await removeWithoutReplacement(open, 'infection');
      const before = JSON.stringify(server.state.pump.prescription);
      const apply = await api.call('physician', 'POST', pumpUrl(patientId, 'titration/apply'), {
        planId: plan.json<{ planId: string }>().planId,
        confirm: true,
      });
      expect(apply.statusCode).toBeGreaterThanOrEqual(400);
      expect(apply.body).toContain('ITB_E_CLINIC_REFERENCE');
      expect(apply.body).toMatch(/was removed on .*: it is not in the patient/);
      expect(JSON.stringify(server.state.pump.prescription)).toBe(before);
    });
    it('removed pump at the desk: a refill was booked for a patient whose pump was removed; it is refused and nothing is booked, while a follow-up visit still books', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId } = open;
      await removeWithoutReplacement(open, 'infection');
      const url = `/api/v1/patients/${patientId}/appointments`;
      const at = api.clock.t + 14 * DAY;
      const refill = await api.call('nurse', 'POST', url, { kind: 'refill', at, durationMinutes: 30 });
      expect(refill.statusCode).toBeGreaterThanOrEqual(400);
      expect(refill.body).toContain('ITB_E_CLINIC_REFERENCE');
      expect(refill.body).toMatch(/no pump in place for a refill visit: the pump was removed on/);
      expect(await api.store.listAppointments({ patientId }, sys)).toEqual([]);
      const followUp = await api.call('nurse', 'POST', url, { kind: 'follow-up', at, durationMinutes: 30 });
      expect(followUp.statusCode, followUp.body).toBe(201);
    });
  });
}
