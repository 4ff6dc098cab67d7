/**
 * Refill in the "critical actions" order over the real link and store (docs/clinical-reference.md §3 [C]): a residual
 * discrepancy > 1 mL in a 20 mL pump (Maino 2017) stops the refill until explained; a concentration change
 * programs the prescription for the new contents and a bridge bolus; the next refill is booked before
 * refill-by (3–5 days before the low-reservoir alarm [C: Gillette; Neuromodulation 2023]).
 */
import { dayText, instantText } from '../therapy/date-text.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import { mcgPerDay, mcgPerMl, mlToNl, nanolitres, type Nanolitres } from '../therapy/quantities.ts';
import { interrogate } from './interrogate.ts';
import { applyRefill } from './refill.ts';
import { planRefill, type RefillPlanInput } from './refill-plan.ts';
import { continuous as continuousJson } from '../clinic/store-test-fixtures.ts';
import { makeRig, T0, type Rig } from './test-rig.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const DAY = 86_400_000;
const profile = getProfile('peristaltic-20');

async function start(r: Rig) {
  r.setTime(T0 + 30 * DAY); // 30 days at 0.25 mL/day: 12.5 mL calculated residual
  const snapshot = await interrogate(r.client);
  const head = await r.store.currentPrescription(r.patientId, { actor: r.target.actor });
  const base: RefillPlanInput = {
    snapshot,
    profile,
    catheterVolume: nanolitres(110_000),
    head,
    now: r.deps.now(),
  };
  return { snapshot, base };
}

const confirmedUpTo = (base: RefillPlanInput, measured: Nanolitres): RefillPlanInput => ({
  ...base,
  fillPortLocated: true,
  needleAtStop: true,
  measuredResidual: measured,
});

describe('refill workflow', () => {
  it('walks the critical actions in order and waits at the first unconfirmed one', async () => {
    rig = await makeRig();
    const { base } = await start(rig);
    expect(planRefill(base).next).toBe('locate-fill-port');
    expect(planRefill({ ...base, fillPortLocated: true }).next).toBe('needle-at-stop');
    // Confirming a later step does not skip an earlier one.
    const skipped = planRefill({
      ...base,
      fillPortLocated: true,
      noLeak: true,
      reservoirPortConfirmed: true,
    });
    expect(skipped.next).toBe('needle-at-stop');
    expect(skipped.steps.find((s) => s.step === 'check-leaks')?.state).toBe('not-reached');
  });

  it('H45 flipped pump: without the fill port located and the reservoir port confirmed, no refill reaches the pump', async () => {
    // A pump flipped in its pocket has no fill port under the template: the needle would land in the pocket
    // or the catheter access port (docs/clinical-reference.md §3 "if unsure, do not refill").
    rig = await makeRig();
    const { snapshot, base } = await start(rig);
    const version = rig.server.state.pump.version;
    const fill = { drug: 'baclofen' as const, concentration: mcgPerMl(2000), volume: mlToNl(18), lot: 'L' };
    const rest = {
      needleAtStop: true,
      measuredResidual: snapshot.status.reservoir,
      noLeak: true,
      fill,
      reservoirPortConfirmed: true,
    };
    const notLocated = [
      planRefill({ ...base, ...rest }),
      planRefill({ ...base, ...rest, fillPortLocated: false }),
    ];
    const portUnsure = planRefill({ ...base, ...rest, fillPortLocated: true, reservoirPortConfirmed: false });
    for (const plan of [...notLocated, portUnsure]) {
      expect(plan.next).not.toBe('ready');
      await expect(applyRefill(plan, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
        code: 'ITB_E_PROG_STEP_INCOMPLETE',
      });
    }
    expect(notLocated.map((p) => p.next)).toEqual(['locate-fill-port', 'locate-fill-port']);
    expect(portUnsure.next).toBe('inject-reservoir-port');
    expect(rig.server.state.pump.version).toBe(version);
    expect(await rig.store.listRefills(rig.patientId, { actor: rig.target.actor })).toHaveLength(0);
  });

  it('stops at a residual discrepancy until an explanation is recorded, then records it as the justification', async () => {
    rig = await makeRig();
    const { snapshot, base } = await start(rig);
    const measured = nanolitres(snapshot.status.reservoir - mlToNl(3)); // 3 mL less than calculated
    const fill = {
      drug: 'baclofen' as const,
      concentration: mcgPerMl(2000),
      volume: mlToNl(18),
      lot: 'LOT-1',
    };
    const all = { ...confirmedUpTo(base, measured), noLeak: true, fill, reservoirPortConfirmed: true };
    const halted = planRefill(all);
    expect(halted.next).toBe('drain-and-compare');
    expect(halted.stopped).toBe(true);
    expect(halted.reconciliation?.reasons[0]?.code).toBe('ITB_R_RESIDUAL_LOWER_THAN_EXPECTED');
    const version = rig.server.state.pump.version;
    await expect(applyRefill(halted, { confirm: true }, rig.target, rig.deps)).rejects.toMatchObject({
      code: 'ITB_E_PROG_STEP_INCOMPLETE',
    });
    expect(rig.server.state.pump.version).toBe(version);

    const explanation = 'syringe re-read: 3 mL left in the extension set; pocket examined, no swelling';
    const ready = planRefill({ ...all, explanation });
    expect(ready.next).toBe('ready');
    const out = await applyRefill(ready, { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('verified');
    expect(out.refill.justification).toBe(explanation);
    expect(out.refill.reconciliation.verdict).toBe('warn');
    expect(out.refill.expectedResidualNl).toBe(snapshot.status.reservoir);
    expect(out.session.justification).toBe(explanation);
    expect(out.alerts.map((a) => a.kind)).toContain('residual-discrepancy');
    expect(rig.server.state.pump.reservoir.volume).toBe(mlToNl(18));
  });

  it('does not go on until the reservoir port (not the catheter access port) is confirmed', async () => {
    rig = await makeRig();
    const { snapshot, base } = await start(rig);
    const fill = { drug: 'baclofen' as const, concentration: mcgPerMl(2000), volume: mlToNl(18), lot: 'L' };
    const plan = planRefill({ ...confirmedUpTo(base, snapshot.status.reservoir), noLeak: true, fill });
    expect(plan.next).toBe('inject-reservoir-port');
    expect(plan.steps.find((s) => s.step === 'inject-reservoir-port')?.reasons[0]?.code).toBe(
      'ITB_R_PROG_PORT_NOT_CONFIRMED',
    );
    const overfill = planRefill({
      ...confirmedUpTo(base, snapshot.status.reservoir),
      noLeak: true,
      reservoirPortConfirmed: true,
      fill: { ...fill, volume: mlToNl(21) },
    });
    expect(overfill.stopped).toBe(true);
    expect(overfill.steps.flatMap((s) => s.reasons).map((r) => r.code)).toContain('ITB_R_PROG_OVERFILL');
  });

  it('refuses a syringe of another concentration than the pump’s unless the prescription in force names it', async () => {
    rig = await makeRig();
    const { snapshot, base } = await start(rig);
    const fill = { drug: 'baclofen' as const, concentration: mcgPerMl(1000), volume: mlToNl(20), lot: 'G' };
    const version = rig.server.state.pump.version;
    expect(() =>
      planRefill({
        ...confirmedUpTo(base, snapshot.status.reservoir),
        noLeak: true,
        fill,
        reservoirPortConfirmed: true,
      }),
    ).toThrow(expect.objectContaining({ code: 'ITB_E_PROG_REFILL_CONTENTS_MISMATCH' }) as Error);
    expect(rig.server.state.pump.version).toBe(version);
  });

  it('changes concentration as prescribed: programs the physician’s prescription and delivers the bridge bolus', async () => {
    rig = await makeRig();
    const ctx = { actor: rig.target.actor };
    const old = await rig.store.currentPrescription(rig.patientId, ctx);
    await rig.store.appendPrescription(rig.patientId, continuousJson(500, 1000), {
      ...ctx,
      expectedHeadId: old?.id ?? null,
      implantId: rig.target.implantId,
    });
    const { snapshot, base } = await start(rig);
    const fill = {
      drug: 'baclofen' as const,
      concentration: mcgPerMl(1000),
      volume: mlToNl(20),
      lot: 'G-1000',
    };
    const plan = planRefill({
      ...confirmedUpTo(base, snapshot.status.reservoir),
      noLeak: true,
      fill,
      reservoirPortConfirmed: true,
    });
    expect(plan.next).toBe('ready');
    expect(plan.bridge?.needed).toBe(true);
    // Old fluid = catheter + the pump's internal volume (therapy/bridge.ts), at the old strength's flow.
    expect(plan.bridge?.volume).toBe(110_000 + profile.internalVolume.value);
    const out = await applyRefill(plan, { confirm: true }, rig.target, rig.deps);
    expect(out.status).toBe('verified');
    expect(out.bridge?.status).toBe('verified');
    const pump = rig.server.state.pump;
    expect(pump.bolus?.purpose).toBe('bridge-bolus');
    expect(pump.reservoir.contents?.concentration).toBe(mcgPerMl(1000));
    expect(dailyDose(pump.prescription)).toBe(mcgPerDay(500));
    expect(out.prescription?.prescription).toMatchObject({ concentrationMcgPerMl: 1000, doseMcgPerDay: 500 });
    expect(out.session.interrogation['bridge']).toMatchObject({ op: 'bridge-bolus', status: 'verified' });
    expect(out.alerts).toEqual([]);
  });

  it('books the next refill before refill-by', async () => {
    rig = await makeRig();
    const { snapshot, base } = await start(rig);
    const fill = { drug: 'baclofen' as const, concentration: mcgPerMl(2000), volume: mlToNl(20), lot: 'L' };
    const plan = planRefill({
      ...confirmedUpTo(base, snapshot.status.reservoir),
      noLeak: true,
      fill,
      reservoirPortConfirmed: true,
    });
    const out = await applyRefill(plan, { confirm: true }, rig.target, rig.deps);
    const refillBy = plan.projection?.refillBy;
    expect(refillBy).toBeTypeOf('number');
    expect(out.appointment?.kind).toBe('refill');
    expect(out.appointment!.at).toBeLessThan(refillBy!);
    expect(out.appointment!.at).toBeGreaterThan(rig.deps.now());
    // refill-by itself comes before the projected low-reservoir alarm.
    expect(refillBy!).toBeLessThan(plan.projection!.lowAlarmAt!);
    const booked = await rig.store.listAppointments(
      { patientId: rig.patientId },
      { actor: rig.target.actor },
    );
    expect(booked.map((a) => a.id)).toEqual([out.appointment!.id]);
  });

  it('I14 times: the refill booking note names its dates in the clinic zone, not ISO text', async () => {
    const before = process.env['ITB_TIME_ZONE'];
    process.env['ITB_TIME_ZONE'] = 'America/New_York';
    try {
      rig = await makeRig();
      const { snapshot, base } = await start(rig);
      const fill = { drug: 'baclofen' as const, concentration: mcgPerMl(2000), volume: mlToNl(20), lot: 'L' };
      const plan = planRefill({
        ...confirmedUpTo(base, snapshot.status.reservoir),
        noLeak: true,
        fill,
        reservoirPortConfirmed: true,
      });
      const out = await applyRefill(plan, { confirm: true }, rig.target, rig.deps);
      const { refillBy, lowAlarmAt } = plan.projection!;
      // Dated as what this refill projected: a later dose change moves refill-by, and a bare "refill by <day>"
      // kept in the booking contradicted the board after a titration.
      expect(out.appointment?.notes).toBe(
        `booked at the refill of ${dayText(rig.deps.now(), 'America/New_York')}, when refill-by was ${instantText(refillBy!, 'America/New_York')} (low-reservoir alarm ${instantText(lowAlarmAt!, 'America/New_York')})`,
      );
      // Midnight UTC is the evening before in New York: the zone changes the day a person reads.
      expect(dayText(refillBy!, 'America/New_York')).not.toBe(dayText(refillBy!, 'UTC'));
      expect(out.appointment?.notes).not.toMatch(/T\d\d:\d\d|Z\b/);
    } finally {
      if (before === undefined) delete process.env['ITB_TIME_ZONE'];
      else process.env['ITB_TIME_ZONE'] = before;
    }
  });
});
