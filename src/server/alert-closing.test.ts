/**
 * Finding: resuming a pump does not resolve the stop's alert — and, as a class, an alert whose cause a later
 * recorded action undoes stayed open in the inbox (clinic/alert-closing.ts). Each closing is audited and
 * names who closed it and the record that did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertCause } from '../clinic/clinical-records.ts';
import { pumpUrl as url, refillBody, withPumpApi, HOUR, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

interface Plan {
  planId: string;
}

/** The audit entry that resolved `alertId`, with what closed it. */
async function closingEntry(o: PumpApi, alertId: string) {
  const trail = await o.api.store.auditTrail({ entity: 'alert', entityId: alertId }, sys);
  return trail.find((e) => e.action === 'resolve');
}

describe('alerts close with the action that undid their cause', () => {
  it("resuming a pump does not resolve the stop's alert: a verified resume closes it, audited, naming who and which session", async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    const stop = (await api.call('physician', 'POST', url(patientId, 'stop/plan'))).json<Plan>();
    await api.call('physician', 'POST', url(patientId, 'stop/apply'), {
      planId: stop.planId,
      confirm: true,
      justification: 'MRI scan at 14:00',
    });
    const [stopAlert] = (await api.store.listAlerts({ patientId, openOnly: true }, sys)).filter(
      (a) => a.kind === 'withdrawal-risk',
    );
    expect(stopAlert?.state).toBe('open');
    api.clock.t += HOUR;
    const resume = (await api.call('physician', 'POST', url(patientId, 'resume/plan'))).json<Plan>();
    const resumed = await api.call('physician', 'POST', url(patientId, 'resume/apply'), {
      planId: resume.planId,
      confirm: true,
    });
    expect(resumed.json<{ status: string }>().status).toBe('verified');
    const after = (await api.store.listAlerts({ patientId }, sys)).find((a) => a.id === stopAlert?.id);
    expect(after?.state).toBe('resolved');
    expect(after?.resolved?.resolution).toBe('closed: delivery resumed (the pump confirmed it)');
    // The physician who resumed closed it (the same account that stopped).
    expect(after?.resolved?.by).toBe(stopAlert?.createdBy);
    const sessions = await api.store.listProgrammingSessions(patientId, sys);
    const resumeSession = sessions.find((s) => s.interrogation['workflow'] === 'resume');
    const entry = await closingEntry(open, stopAlert?.id ?? '');
    expect(entry?.actor).toBe(stopAlert?.createdBy);
    expect(entry?.details).toMatchObject({
      closedBy: { entity: 'programming-session', id: resumeSession?.id },
    });
  });

  it('a refill that ends the low alert: the acknowledged low-reservoir alert closes with the refill', async () => {
    open = await withPumpApi({ pump: { fillMl: 1 } });
    const { api, patientId, server } = open;
    expect((await api.call('nurse', 'POST', url(patientId, 'interrogate'))).statusCode).toBe(200);
    const [low] = (await api.store.listAlerts({ patientId, openOnly: true }, sys)).filter(
      (a) => a.condition === 'low-reservoir',
    );
    expect(low).toBeDefined();
    await api.store.acknowledgeAlert(low?.id ?? '', 'patient booked for a refill today', sys);
    const plan = (
      await api.call('nurse', 'POST', url(patientId, 'refill/plan'), refillBody(server))
    ).json<Plan>();
    const done = await api.call('nurse', 'POST', url(patientId, 'refill/apply'), {
      planId: plan.planId,
      confirm: true,
    });
    expect(done.statusCode, done.body).toBe(200);
    const after = (await api.store.listAlerts({ patientId }, sys)).find((a) => a.id === low?.id);
    expect(after?.resolved?.resolution).toBe('closed: the pump no longer reports it after the refill');
    const entry = await closingEntry(open, low?.id ?? '');
    expect(entry?.details).toMatchObject({ closedBy: { entity: 'programming-session' } });
  });

  /** For each cause: the recorded session that does not undo it, then the one that does. */
  const CASES: readonly {
    cause: AlertCause;
    ref?: string;
    keeps: Record<string, unknown>;
    closes: Record<string, unknown>;
  }[] = [
    {
      // A bolus-refused alert after a good bridge.
      cause: 'bridge-not-delivered',
      keeps: { workflow: 'refill', write: { status: 'verified' }, bridge: { status: 'refused' } },
      closes: { workflow: 'refill', write: { status: 'verified' }, bridge: { status: 'verified' } },
    },
    {
      cause: 'pump-not-updated',
      keeps: { workflow: 'refill', write: { status: 'not-applied' } },
      closes: { workflow: 'refill', write: { status: 'verified' } },
    },
    {
      cause: 'delivery-stopped',
      keeps: { workflow: 'resume', write: { status: 'refused' } },
      closes: { workflow: 'resume', write: { status: 'applied-unverified' } },
    },
    {
      cause: 'alarm-not-heard',
      keeps: { workflow: 'alarm-test', heard: false },
      closes: { workflow: 'alarm-test', heard: true },
    },
    {
      cause: 'write-unconfirmed',
      ref: 'cmd-1',
      keeps: { workflow: 'reconcile-write', write: { commandId: 'cmd-2', status: 'verified' } },
      closes: { workflow: 'reconcile-write', write: { commandId: 'cmd-1', status: 'not-applied' } },
    },
  ];

  it('every alert whose cause a later recorded action undoes closes with that action, and only with it', async () => {
    open = await withPumpApi();
    const { api, patientId, implantId } = open;
    const session = (interrogation: Record<string, unknown>) =>
      api.store.recordProgrammingSession(
        { patientId, implantId, at: api.clock.t, interrogation, diff: [] },
        { actor: 'user:nurse-1' },
      );
    for (const c of CASES) {
      const alert: Alert = await api.store.raiseAlert(
        {
          patientId,
          implantId,
          kind: 'other',
          severity: 'critical',
          message: `cause ${c.cause}`,
          cause: { kind: c.cause, ...(c.ref === undefined ? {} : { ref: c.ref }) },
        },
        sys,
      );
      await session(c.keeps);
      const kept = (await api.store.listAlerts({ patientId }, sys)).find((a) => a.id === alert.id);
      expect(kept?.state, c.cause).toBe('open');
      api.clock.t += 60_000;
      const closing = await session(c.closes);
      const closed = (await api.store.listAlerts({ patientId }, sys)).find((a) => a.id === alert.id);
      expect(closed?.state, c.cause).toBe('resolved');
      expect(closed?.resolved?.by, c.cause).toBe('user:nurse-1');
      expect(closed?.resolved?.resolution, c.cause).toMatch(/^closed: /);
      const entry = await closingEntry(open, alert.id);
      expect(entry?.details, c.cause).toMatchObject({
        closedBy: { entity: 'programming-session', id: closing.id },
      });
    }
  });
});
