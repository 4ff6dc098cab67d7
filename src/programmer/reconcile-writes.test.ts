/**
 * Finding (docs/threat-model.md "Crash tests"): a crash between the pump's write and the record left the
 * record behind the pump — the pump ran the new dose, the chain said the old one, and nothing in the record
 * said a write had been cut off. Every therapy write is now recorded as an intent before it is sent, and the
 * next interrogation resolves open intents from the pump's memory of command results.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClinicStore } from '../clinic/store.ts';
import { continuous as continuousJson } from '../clinic/store-test-fixtures.ts';
import { getProfile } from '../pump/profiles.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import { mcgPerMl, mlToNl, nanolitres } from '../therapy/quantities.ts';
import { interrogate } from './interrogate.ts';
import { openIntents, reconcileWrites } from './reconcile-writes.ts';
import { applyRefill } from './refill.ts';
import { planRefill } from './refill-plan.ts';
import type { WorkflowDeps } from './session.ts';
import { makeRig, T0, type Rig } from './test-rig.ts';
import { applyTitration, planTitration } from './titrate.ts';
import { recordIntent } from './write-intent.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const DAY = 86_400_000;

/** The store as a server killed right after the intent sees it: the intent is written, nothing after. */
function killedAfterIntent(store: ClinicStore): WorkflowDeps['store'] {
  let writes = 0;
  const die = () => {
    throw new Error('SIGKILL');
  };
  return {
    appendPrescription: die,
    currentPrescription: (...a) => store.currentPrescription(...a),
    recordProgrammingSession: (...a) => (writes++ === 0 ? store.recordProgrammingSession(...a) : die()),
    recordRefill: die,
    listRefills: (...a) => store.listRefills(...a),
    recordTrial: die,
    bookAppointment: die,
    raiseAlert: die,
  };
}

const ctx = (r: Rig) => ({ actor: r.target.actor });

async function titrationPlan(r: Rig, doseMcg: number) {
  return planTitration({
    snapshot: await interrogate(r.client),
    proposed: continuousJson(doseMcg, 2000),
    patient: { etiology: 'spinal', birthDate: '1975-06-15' },
    head: await r.store.currentPrescription(r.patientId, ctx(r)),
    phase: 'titration',
    now: r.deps.now(),
  });
}

describe('a crash between the pump write and the record leaves the record behind the pump', () => {
  it('records the titration the pump took at the next interrogation, once', async () => {
    const r = (rig = await makeRig());
    const plan = await titrationPlan(r, 600);
    await expect(
      applyTitration(plan, { confirm: true }, r.target, {
        ...r.deps,
        store: killedAfterIntent(r.store),
      }),
    ).rejects.toThrow('SIGKILL');
    // The pump took it; the record has only the intent, which says the outcome is unknown.
    expect(prescriptionToJson(r.server.state.pump.prescription)).toMatchObject({ doseMcgPerDay: 600 });
    const sessions = await r.store.listProgrammingSessions(r.patientId, ctx(r));
    expect(openIntents(sessions, r.target.implantId)).toHaveLength(1);
    expect(sessions.at(-1)?.interrogation['write']).toMatchObject({ status: 'unknown' });

    const snapshot = await interrogate(r.client);
    const resolved = await reconcileWrites(r.client, snapshot, r.target, { ...r.deps, store: r.store });
    expect(resolved.map((x) => x.status)).toEqual(['verified']);
    const head = await r.store.currentPrescription(r.patientId, ctx(r));
    expect(head?.prescription).toEqual(prescriptionToJson(snapshot.prescription));
    expect(resolved[0]?.session?.prescriptionId).toBe(head?.id);

    // Resolved once: a second interrogation finds nothing open and appends nothing.
    const again = await reconcileWrites(r.client, await interrogate(r.client), r.target, {
      ...r.deps,
      store: r.store,
    });
    expect(again).toEqual([]);
    const chain = await r.store.prescriptionChain(r.patientId, ctx(r));
    expect(chain.map((c) => (c.prescription as { doseMcgPerDay: number }).doseMcgPerDay)).toEqual([500, 600]);
  });

  it('records a command the pump never received as not applied, and changes nothing', async () => {
    const r = (rig = await makeRig());
    await recordIntent(r.deps, r.target, { op: 'program', commandId: r.client.newCommandId() }, [], {
      kind: 'titration',
      pending: continuousJson(600, 2000) as never,
      expectedHeadId: null,
      justification: null,
    });
    const resolved = await reconcileWrites(r.client, await interrogate(r.client), r.target, {
      ...r.deps,
      store: r.store,
    });
    expect(resolved.map((x) => x.status)).toEqual(['not-applied']);
    const chain = await r.store.prescriptionChain(r.patientId, ctx(r));
    expect(chain).toHaveLength(1);
    expect(
      openIntents(await r.store.listProgrammingSessions(r.patientId, ctx(r)), r.target.implantId),
    ).toEqual([]);
  });

  it('records the refill the pump took at the next interrogation', async () => {
    const r = (rig = await makeRig());
    r.setTime(T0 + 30 * DAY);
    const snapshot = await interrogate(r.client);
    const plan = planRefill({
      snapshot,
      profile: getProfile('peristaltic-20'),
      catheterVolume: nanolitres(110_000),
      head: await r.store.currentPrescription(r.patientId, ctx(r)),
      now: r.deps.now(),
      fillPortLocated: true,
      needleAtStop: true,
      measuredResidual: snapshot.status.reservoir,
      noLeak: true,
      fill: { drug: 'baclofen', concentration: mcgPerMl(2000), volume: mlToNl(18), lot: 'LOT-CUT' },
      reservoirPortConfirmed: true,
    });
    await expect(
      applyRefill(plan, { confirm: true }, r.target, { ...r.deps, store: killedAfterIntent(r.store) }),
    ).rejects.toThrow('SIGKILL');
    expect(await r.store.listRefills(r.patientId, ctx(r))).toEqual([]);

    const resolved = await reconcileWrites(r.client, await interrogate(r.client), r.target, {
      ...r.deps,
      store: r.store,
    });
    expect(resolved.map((x) => x.status)).toEqual(['verified']);
    const refills = await r.store.listRefills(r.patientId, ctx(r));
    expect(refills.map((x) => x.lot)).toEqual(['LOT-CUT']);
    expect(refills[0]?.volumeAddedNl).toBe(mlToNl(18));
  });
});
