/**
 * Stop and resume over HTTP → programmer → link → pump (issue 12, item 5): physicians only; the stop plan
 * shows the withdrawal warning and the restart plan and needs a justification; the pump is read back;
 * the resume plan knows when delivery stopped from the recorded stop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  HOUR,
  pumpUrl as url,
  refillBody,
  stopDelivery,
  withPumpApi,
  type PumpApi,
} from './pump-test-rig.ts';
import { hasPhrase, readPdf } from '../reports/pdf-read.test-support.ts';
import { ACCOUNTS } from './test-support.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

interface Plan {
  planId: string;
  suspended: boolean;
  restartPlan: string;
  guardrail: { verdict: string; reasons: { code: string }[] };
}

describe('stop and resume routes', () => {
  it('stops with a justification, then resumes; nurses may not; no justification changes nothing', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    expect((await api.call('nurse', 'POST', url(patientId, 'stop/plan'))).statusCode).toBe(403);
    const plan = await api.call('physician', 'POST', url(patientId, 'stop/plan'));
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<Plan>();
    expect(p.guardrail.verdict).toBe('warn');
    expect(p.guardrail.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_WITHDRAWAL_WARNING']);
    expect(p.restartPlan).toMatch(/within 6 h/);
    const bare = await api.call('physician', 'POST', url(patientId, 'stop/apply'), {
      planId: p.planId,
      confirm: true,
    });
    expect(bare.statusCode).toBe(422);
    expect(server.state.pump.suspended).toBe(false);

    const stopped = await stopDelivery(open, 'MRI scan at 14:00');
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json<{ status: string }>().status).toBe('verified');
    expect(server.state.pump.suspended).toBe(true);
    const alerts = await api.store.listAlerts({ patientId }, { actor: 'system:test' });
    expect(alerts.map((a) => a.kind)).toContain('withdrawal-risk');

    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    expect(resume).toMatchObject({ suspended: true, guardrail: { verdict: 'ok' } });
    const resumed = await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect(resumed.json<{ status: string }>().status).toBe('verified');
    expect(server.state.pump.suspended).toBe(false);
  });

  it('a pump the clinic stopped read "OK" on the board, in its last tier, while its patient had no drug: it is in the top tier until the resume is confirmed', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    const row = async () => {
      const board = (await api.call('nurse', 'GET', '/api/v1/board?filter=overdue')).json<{
        rows: {
          patientId: string;
          stoppedSince: number | null;
          verdict: string;
          reasons: { code: string }[];
        }[];
      }>();
      return board.rows.find((r) => r.patientId === patientId) ?? null;
    };
    // The interrogation gives the board the pump's reservoir: a full pump, nowhere near the top tier.
    expect((await api.call('nurse', 'POST', url(patientId, 'interrogate'))).statusCode).toBe(200);
    expect(await row()).toBeNull();
    const stopped = await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    expect(stopped.json<{ status: string }>().status).toBe('verified');
    const stoppedAt = api.clock.t;
    expect(await row()).toMatchObject({ stoppedSince: stoppedAt, verdict: 'block' });
    expect((await row())?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_DELIVERY_STOPPED');

    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect(await row()).toBeNull();
  });

  it("a delivery-stopped alert resolved by hand while the pump stayed stopped took the patient off the board's top tier: the resolve is refused until a resume is confirmed", async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    const stopAlert = async () =>
      (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/alerts`))
        .json<{ id: string; cause?: { kind: string }; state: string }[]>()
        .find((a) => a.cause?.kind === 'delivery-stopped');
    const alert = await stopAlert();
    expect(alert?.state).toBe('open');
    const resolveUrl = `/api/v1/patients/${patientId}/alerts/${alert?.id}/resolve`;
    const refused = await api.call('nurse', 'POST', resolveUrl, { note: 'seen, patient in theatre' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.body).toContain('ITB_E_CLINIC_ALERT_CAUSE_STANDS');
    expect(refused.body).toMatch(/no resume was confirmed/);
    expect((await stopAlert())?.state).toBe('open');
    const board = (await api.call('nurse', 'GET', '/api/v1/board?filter=overdue')).json<{
      rows: { patientId: string; reasons: { code: string }[] }[];
    }>();
    const row = board.rows.find((r) => r.patientId === patientId);
    expect(row?.reasons.map((r) => r.code)).toContain('ITB_R_BOARD_DELIVERY_STOPPED');
    // Acknowledging says what is being done and keeps the patient in the top tier.
    const ack = await api.call('nurse', 'POST', resolveUrl.replace(/resolve$/, 'acknowledge'), {
      note: 'oral bridge given',
    });
    expect(ack.statusCode, ack.body).toBe(200);

    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect((await stopAlert())?.state).toBe('resolved');
  });

  it("a stopped pump's emergency card and the patient's dates gave the programmed dose as what the patient receives: both say not delivering since the stop, and why", async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    const card = async () => {
      const res = await api.call('physician', 'GET', `/api/v1/patients/${patientId}/emergency-card.pdf`);
      expect(res.statusCode, res.body).toBe(200);
      return (await readPdf(res.rawPayload)).text.join(' ');
    };
    expect(await card()).not.toMatch(/NOT DELIVERING/);
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    const stopped = await card();
    expect(hasPhrase(stopped, 'NOT DELIVERING since'), stopped).toBe(true);
    expect(hasPhrase(stopped, 'the clinic stopped delivery'), stopped).toBe(true);
    expect(hasPhrase(stopped, 'The dose below is programmed, not received'), stopped).toBe(true);
    // The pages read the same statement from the patient's dates (the patient page, the patient's own view).
    const dates = await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/dates`);
    expect(dates.json<{ notDelivering: unknown }>().notDelivering).toEqual({
      since: api.clock.t,
      sinceTimeKnown: true,
      causes: ['the clinic stopped delivery'],
      projected: false,
    });
    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect(await card()).not.toMatch(/NOT DELIVERING/);
  });

  it('the refill report of a pump the clinic had stopped printed its dose under "Prescription in force" as if it ran: the report says not delivering since the stop, as the card does', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    api.clock.t += HOUR;
    const plan = await api.call('nurse', 'POST', url(patientId, 'refill/plan'), refillBody(server));
    expect(plan.statusCode, plan.body).toBe(200);
    const applied = await api.call('nurse', 'POST', url(patientId, 'refill/apply'), {
      planId: plan.json<Plan>().planId,
      confirm: true,
      justification: 'refilled while stopped for surgery',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    const refillId = applied.json<{ refill: { id: string } }>().refill.id;
    const res = await api.call(
      'nurse',
      'GET',
      `/api/v1/refills/${refillId}/report.pdf?patientId=${patientId}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const text = (await readPdf(res.rawPayload)).text.join(' ');
    expect(hasPhrase(text, 'NOT DELIVERING since'), text).toBe(true);
    expect(hasPhrase(text, 'the clinic stopped delivery'), text).toBe(true);
    expect(server.state.pump.suspended).toBe(true);
  });

  it('the clinic’s stop of a baclofen pump was a warning on the alerts list while the board put the same stop in its top tier: the alert is critical', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    const alerts = await api.call('nurse', 'GET', `/api/v1/alerts?patientId=${patientId}&openOnly=true`);
    const stop = alerts
      .json<{ severity: string; cause?: { kind: string } }[]>()
      .find((a) => a.cause?.kind === 'delivery-stopped');
    expect(stop?.severity, alerts.body).toBe('critical');
    const board = await api.call('nurse', 'GET', '/api/v1/board');
    const row = board
      .json<{ rows: { patientId: string; verdict: string }[] }>()
      .rows.find((r) => r.patientId === patientId);
    expect(row?.verdict).toBe('block');
  });

  it('troubleshooting more spasticity in a patient whose pump the clinic had stopped ranked catheter faults first and never named the stop: the stop comes first, from the records', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    const first = async () => {
      const res = await api.call('nurse', 'POST', `/api/v1/patients/${patientId}/troubleshooting`, {
        symptom: 'more-spasticity',
        // As typed by a clinician who did not think of the stop: the residual matched at the last refill.
        findings: { reservoirMl: 20, residualDiscrepancyMl: 0 },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ plan: { candidates: { id: string; because: string[] }[] } }>().plan.candidates[0];
    };
    expect((await first())?.id).not.toBe('delivery-stopped');
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    const stopped = await first();
    expect(stopped?.id).toBe('delivery-stopped');
    expect(stopped?.because.join(' ')).toMatch(/no drug is delivered/);
    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect((await first())?.id).not.toBe('delivery-stopped');
  });

  it('a dose change on a pump the clinic had stopped restarted delivery at once, at the new dose and without the restart plan, while the records still said stopped: the pump stays stopped, the plan says so, and only the resume restarts it', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    api.clock.t += 7 * HOUR; // past the 6 h restart threshold, inside the 8 h sign-in session
    const plan = await api.call('physician', 'POST', url(patientId, 'titration/plan'), {
      proposedDose: '550 mcg/day',
      phase: 'maintenance',
    });
    expect(plan.statusCode, plan.body).toBe(200);
    const p = plan.json<Plan>();
    expect(p.guardrail.verdict).toBe('warn');
    expect(p.guardrail.reasons.map((r) => r.code)).toContain('ITB_R_PROG_DELIVERY_STOPPED');
    const applied = await api.call('physician', 'POST', url(patientId, 'titration/apply'), {
      planId: p.planId,
      confirm: true,
      justification: 'new dose for after the operation',
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(server.state.pump.suspended).toBe(true);
    // A refill of the stopped pump leaves it stopped too, and says so.
    const refill = await api.call('nurse', 'POST', url(patientId, 'refill/plan'), refillBody(server));
    expect(refill.statusCode, refill.body).toBe(200);
    expect(refill.body).toContain('stays stopped after the refill');
    // A warning the wizard shows and a note answers, never an "ok" line no screen shows.
    expect(refill.json<Plan>().guardrail.verdict).toBe('warn');
    // The resume restarts it, with the restart warning after a stop this long.
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    expect(resume.guardrail.reasons.map((r) => r.code)).toContain('ITB_R_PROG_RESTART_AFTER_INTERRUPTION');
  });

  it("FHIR said a stopped pump's prescription was active: it is on-hold from the stop, and active again after the resume", async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    const headStatus = async () => {
      const res = await api.call('physician', 'GET', `/fhir/Patient/${patientId}/$everything`);
      expect(res.statusCode, res.body).toBe(200);
      const requests = res
        .json<{
          entry: { resource: { resourceType: string; status: string; note?: { text: string }[] } }[];
        }>()
        .entry.map((e) => e.resource)
        .filter((r) => r.resourceType === 'MedicationRequest');
      return requests.find((r) => r.status !== 'stopped');
    };
    expect((await headStatus())?.status).toBe('active');
    await stopDelivery(open, 'admitted for surgery; oral baclofen bridge');
    const held = await headStatus();
    expect(held?.status).toBe('on-hold');
    expect(held?.note?.map((n) => n.text).join(' ')).toMatch(/Delivery stopped by the clinic since/);
    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect((await headStatus())?.status).toBe('active');
  });

  it('a resume after 7 h stopped (more than 6 h) warns that the prior full dose returns', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    await stopDelivery(open, 'suspected overdose');
    api.clock.t += 7 * HOUR; // past the 6 h restart threshold, inside the 8 h sign-in session
    const res = await api.call('physician', 'POST', url(patientId, 'resume/plan'));
    expect(res.statusCode, res.body).toBe(200);
    const resume = res.json<Plan>();
    expect(resume.guardrail).toMatchObject({
      verdict: 'warn',
      reasons: [{ code: 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION' }],
    });
  });

  it('a stop plan confirmed on the resume route is refused and sends nothing', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const stop = (await api.call('physician', 'POST', url(patientId, 'stop/plan'))).json<Plan>();
    const crossed = await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: stop.planId,
      confirm: true,
      justification: 'MRI scan at 14:00',
    });
    expect(crossed.statusCode, crossed.body).toBe(400);
    expect(crossed.body).toMatch(/ITB_E_INVALID_INPUT/);
    expect(server.state.pump.suspended).toBe(false);
    const sessions = await api.store.listProgrammingSessions(patientId, { actor: 'system:test' });
    const workflows = sessions.map((s) => s.interrogation['workflow']);
    expect(workflows).not.toContain('stop');
    expect(workflows).not.toContain('resume');
  });

  it("route × account: anonymous 401, everyone but a physician 403 (the pump extension's rules)", async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    for (const tail of [
      'stop/plan',
      'stop/apply',
      'resume/plan',
      'resume/apply',
      'bolus/plan',
      'bolus/apply',
      'alarm-settings/plan',
      'alarm-settings/apply',
      'patient-bolus/plan',
      'patient-bolus/apply',
    ]) {
      expect(api.app.itbAuthorization[`POST /api/v1/patients/:patientId/pump/${tail}`]).toEqual({
        roles: ['physician'],
      });
      for (const who of [null, ...ACCOUNTS]) {
        const res = await api.call(
          who,
          'POST',
          url(patientId, tail),
          tail.endsWith('apply') ? {} : undefined,
        );
        const label = `${tail} as ${who ?? 'anonymous'} → ${res.statusCode}`;
        if (who === null) expect(res.statusCode, label).toBe(401);
        else if (who === 'physician') expect([401, 403], label).not.toContain(res.statusCode);
        else expect(res.statusCode, label).toBe(403);
      }
    }
  });

  it('a clinician bolus: above the cap is blocked; under it, the observer named, it runs', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const big = await api.call('physician', 'POST', url(patientId, 'bolus/plan'), {
      amount: '150 mcg',
      durationMinutes: 60,
    });
    expect(big.statusCode, big.body).toBe(200);
    const bigPlan = big.json<Plan>();
    expect(bigPlan.guardrail.verdict).toBe('block');
    const refused = await api.call('physician', 'POST', url(patientId, 'bolus/apply'), {
      planId: bigPlan.planId,
      confirm: true,
      justification: 'Dr A observes',
    });
    expect(refused.statusCode).toBe(422);
    expect(server.state.pump.bolus).toBeNull();
    const bad = await api.call('physician', 'POST', url(patientId, 'bolus/plan'), {
      amount: '2 mL',
      durationMinutes: 60,
    });
    expect(bad.statusCode).toBe(400);
    const small = (
      await api.call('physician', 'POST', url(patientId, 'bolus/plan'), { amount: 50, durationMinutes: 60 })
    ).json<Plan>();
    expect(small.guardrail.verdict).toBe('warn');
    const given = await api.call('physician', 'POST', url(patientId, 'bolus/apply'), {
      planId: small.planId,
      confirm: true,
      justification: 'Nurse B observes for 4 h',
    });
    expect(given.json<{ status: string }>().status).toBe('verified');
    expect(server.state.pump.bolus?.purpose).toBe('single-bolus');
  });

  it('the bolus plan shows the single-bolus cap before anything is sent', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const res = await api.call('physician', 'POST', url(patientId, 'bolus/plan'), {
      amount: '20 mcg',
      durationMinutes: 30,
    });
    expect(res.statusCode, res.body).toBe(200);
    const plan = res.json<{
      drug: string | null;
      cap: { value: number; confidence: string; source: string };
    }>();
    expect(plan.drug).toBe('baclofen');
    expect(plan.cap).toMatchObject({ value: 100_000, confidence: 'U' });
    expect(plan.cap.source).toMatch(/screening bolus/);
    expect(server.state.pump.bolus).toBeNull();
  });
});
