/**
 * Finding 7: alerts as a first-class list. Text, severity, since and the patient (name, MRN); acknowledge
 * (with a note) and resolve (with a note), both audited; the inbox (`GET /api/v1/alerts?state=`) and the
 * patient's list put critical alerts first (docs/invariants.md I7).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertInboxItem } from '../clinic/store.ts';
import { API_BACKENDS, startApi, type Account, type TestApi } from './test-support.ts';

const sys = { actor: 'system:test' };

describe.each(API_BACKENDS)('alert inbox ($name)', (backend) => {
  if (backend.skip !== undefined) return void it.skip(backend.skip, () => undefined);
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.dispose();
    api = undefined;
  });

  it('alerts as a first-class list: critical first with patient name and MRN; acknowledge and resolve with notes, audited', async () => {
    api = await startApi(backend);
    const { patientA, patientB } = api;
    const raise = (patientId: string, severity: string, message: string) =>
      api!.call('nurse', 'POST', `/api/v1/patients/${patientId}/alerts`, {
        kind: 'other',
        severity,
        message,
      });
    const warn = (await raise(patientA.id, 'warning', 'residual 1.3 mL below calculated')).json<{
      id: string;
    }>();
    api.clock.t += 60_000;
    const crit = (await raise(patientB.id, 'critical', 'pump reported empty reservoir')).json<{
      id: string;
    }>();

    const inbox = await api.call('nurse', 'GET', '/api/v1/alerts?state=open');
    expect(inbox.statusCode, inbox.body).toBe(200);
    const items = inbox.json<AlertInboxItem[]>();
    expect(items.map((a) => a.id)).toEqual([crit.id, warn.id]);
    expect(items[0]).toMatchObject({
      severity: 'critical',
      state: 'open',
      message: 'pump reported empty reservoir',
      patient: { id: patientB.id, name: patientB.name, mrn: patientB.mrn },
    });
    expect(items[0]?.since).toBeTypeOf('number');

    const ackUrl = `/api/v1/patients/${patientB.id}/alerts/${crit.id}/acknowledge`;
    expect((await api.call('nurse', 'POST', ackUrl, { note: '' })).statusCode).toBe(400);
    const ack = await api.call('nurse', 'POST', ackUrl, { note: 'called the patient; coming in today' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json<AlertInboxItem>()).toMatchObject({
      state: 'acknowledged',
      acknowledged: { note: 'called the patient; coming in today' },
    });
    const open = (await api.call('nurse', 'GET', '/api/v1/alerts?state=open')).json<AlertInboxItem[]>();
    expect(open.map((a) => a.id)).toEqual([warn.id]);
    const acked = (await api.call('nurse', 'GET', '/api/v1/alerts?state=acknowledged')).json<
      AlertInboxItem[]
    >();
    expect(acked.map((a) => a.id)).toEqual([crit.id]);

    const resolveUrl = `/api/v1/patients/${patientB.id}/alerts/${crit.id}/resolve`;
    const res = await api.call('nurse', 'POST', resolveUrl, { note: 'refilled; withdrawal signs resolved' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AlertInboxItem>()).toMatchObject({
      state: 'resolved',
      resolved: { resolution: 'refilled; withdrawal signs resolved' },
    });
    // A resolved alert cannot be acknowledged; another patient's path never reaches it.
    expect((await api.call('nurse', 'POST', ackUrl, { note: 'late' })).statusCode).toBe(409);
    const wrong = `/api/v1/patients/${patientA.id}/alerts/${crit.id}/acknowledge`;
    expect((await api.call('nurse', 'POST', wrong, { note: 'x' })).statusCode).toBe(404);

    const all = (await api.call('nurse', 'GET', `/api/v1/alerts?state=all&patientId=${patientB.id}`)).json<
      AlertInboxItem[]
    >();
    expect(all.map((a) => a.state)).toEqual(['resolved']);
    const trail = await api.store.auditTrail({ entity: 'alert', entityId: crit.id }, sys);
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'acknowledge', 'resolve']));
  });

  it('the alerts inbox is the same for all staff: each role sees what it acts on, every critical alert, or everyone’s on request', async () => {
    api = await startApi(backend);
    const { patientA } = api;
    const raise = async (kind: string, severity: string, message: string) =>
      (
        await api!.call('physician', 'POST', `/api/v1/patients/${patientA.id}/alerts`, {
          kind,
          severity,
          message,
        })
      ).json<{ id: string }>().id;
    const refillDue = await raise('refill-due', 'warning', 'refill due in 5 days: book the visit');
    const overdose = await raise('overdose-risk', 'warning', 'drowsy after the dose increase');
    const empty = await raise('low-reservoir', 'critical', 'the pump reports its reservoir empty');
    const inbox = async (account: Account, query = '') =>
      (await api!.call(account, 'GET', `/api/v1/alerts?state=open${query}`))
        .json<AlertInboxItem[]>()
        .map((a) => a.id)
        .sort();
    // The nurse books the refill; the physician decides on the overdose signs; both see the critical one.
    expect(await inbox('nurse')).toEqual([refillDue, empty].sort());
    expect(await inbox('physician')).toEqual([overdose, empty].sort());
    expect(await inbox('viewer')).toEqual([refillDue, overdose, empty].sort());
    expect(await inbox('nurse', '&scope=all')).toEqual([refillDue, overdose, empty].sort());
    // The patient's own list is not narrowed by role.
    const list = (await api.call('nurse', 'GET', `/api/v1/patients/${patientA.id}/alerts`)).json<
      AlertInboxItem[]
    >();
    expect(list.map((a) => a.id).sort()).toEqual([refillDue, overdose, empty].sort());
  });
});
