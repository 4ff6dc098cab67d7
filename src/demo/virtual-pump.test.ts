/**
 * One demo implant with its world in the loop: drug leaving the pump reaches the body only after it has
 * pushed the catheter's priming saline out (plug-flow transit), and a refill over the link refills the
 * world's true reservoir at the same instant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammerClient } from '../link/programmer-client.ts';
import { doseToFlow, mcgPerDay, mcgPerMl, mlToNl, MS_PER_DAY, NL_PER_ML } from '../therapy/quantities.ts';
import { PPM } from '../world/params.ts';
import { DEMO_PATIENTS, demoDrug } from './cast.ts';
import { DemoClock } from './clock.ts';
import { catheterTransitMs, DEMO_CATHETER } from './demo-world.ts';
import { DEMO_FILL_ML, programmerFor, startVirtualPump, type VirtualPump } from './virtual-pump.ts';

const cast = DEMO_PATIENTS[0];
if (cast === undefined) throw new Error('the demo cast is empty');
const at = Date.UTC(2026, 0, 5);
// Real time stands still: the demo clock moves only when the test moves it.
const clock = new DemoClock(at, 1, () => 0);
let pump: VirtualPump;
let client: ProgrammerClient;

/** The baclofen patient's body now (the body model exists for baclofen). */
const bodyNow = () => {
  const seen = pump.observe();
  if (seen === null) throw new Error('a baclofen pump has a virtual body');
  return seen;
};

beforeAll(async () => {
  pump = await startVirtualPump(cast, clock, at);
  client = programmerFor(pump);
});

afterAll(async () => {
  client.close();
  await pump.close();
});

describe('virtual pump with the world in the loop', () => {
  const flow = doseToFlow(mcgPerDay(cast.doseMcg), mcgPerMl(cast.concentrationMcgPerMl));
  // The catheter's volume at the true flow (the commanded one with this interval's delivery error).
  const transitMs = () =>
    (DEMO_CATHETER.volume.value * MS_PER_DAY) / (flow * (1 + pump.world.deliveryErrorPpm / PPM));

  it('reaches the catheter tip only after the catheter volume has been pumped', () => {
    const transit = transitMs();
    expect(catheterTransitMs(pump.world, flow)).toBeCloseTo(transit, 6);

    clock.advanceTo(at + Math.floor(0.9 * transit));
    const before = bodyNow();
    expect(pump.server.state.pump.totals.deliveredNl).toBeGreaterThan(0);
    expect(pump.world.catheter.line.some((p) => p.mass > 0)).toBe(true);
    expect(before.csf.tip).toBe(0);
    expect(before.csf.spinal).toBe(0);

    clock.advanceTo(at + Math.ceil(1.1 * transit));
    const after = bodyNow();
    expect(after.csf.tip).toBeGreaterThan(0);
    expect(after.csf.spinal).toBeGreaterThan(0);
  });

  it('refills the true reservoir when the pump is refilled over the link', async () => {
    clock.advanceTo(at + 30 * MS_PER_DAY);
    pump.server.tick();
    const residual = pump.world.reservoir.volume;
    const calculated = pump.server.state.pump.reservoir.volume;
    const fill = mlToNl(DEMO_FILL_ML);
    // The true residual misses the calculated one by the delivery error on what the pump delivered.
    const error = pump.world.deliveryErrorPpm / PPM;
    expect(error).not.toBe(0);
    expect((calculated - residual) / NL_PER_ML).toBeCloseTo((error * (fill - calculated)) / NL_PER_ML, 3);
    const done = await client.execute({
      op: 'refill',
      commandId: client.newCommandId(),
      drug: 'baclofen',
      concentration: mcgPerMl(cast.concentrationMcgPerMl),
      volumeAdded: fill,
      newVolume: fill,
      drainedVolume: residual,
      prescription: undefined,
      expectedVersion: undefined,
    });
    expect(done.outcome).toBe('applied');
    expect(pump.refills).toHaveLength(1);
    expect(pump.refills[0]).toMatchObject({
      at: clock.now(),
      volumeAdded: fill,
      measured: residual,
      residual: { volume: residual, drug: 'baclofen' },
      reservoirAfter: fill,
    });
    expect(pump.world.now).toBe(clock.now());
    expect(pump.world.reservoir.volume).toBe(fill);
    expect(pump.server.state.pump.reservoir.volume).toBe(fill);
  });

  it('gives the world a new, drug-free catheter when the pump is told of a catheter change', async () => {
    // Same instant as the refill: the link session stays open (the clock does not jump past its lifetime).
    expect(pump.world.catheter.line.some((p) => p.mass > 0)).toBe(true);
    const volume = mlToNl(0.088);
    const done = await client.execute({
      op: 'set-catheter',
      commandId: client.newCommandId(),
      volume,
      expectedVersion: pump.server.state.pump.version,
    });
    expect(done.outcome).toBe('applied');
    expect(pump.world.catheter.volume).toBe(volume);
    // The explanted catheter took its drug with it: the new one holds none until drug is pushed in.
    expect(pump.world.catheter.line.reduce((sum, p) => sum + p.mass, 0)).toBe(0);
  });
});

describe('a demo pump refilled with another drug', () => {
  it('a virtual pump refilled with another drug keeps feeding the body as if it were baclofen: after a refill with morphine the body receives no baclofen', async () => {
    const start = Date.UTC(2026, 0, 5);
    const own = new DemoClock(start, 1, () => 0);
    const baclofenPump = await startVirtualPump(cast, own, start);
    const own1 = programmerFor(baclofenPump);
    try {
      own.advanceTo(start + 20 * MS_PER_DAY);
      baclofenPump.server.tick();
      const onBaclofen = baclofenPump.observe();
      if (onBaclofen === null) throw new Error('a baclofen pump has a virtual body');
      expect(onBaclofen.csf.tip).toBeGreaterThan(0);
      const morphine = { drug: 'morphine' as const, concentration: mcgPerMl(25_000) };
      const fill = mlToNl(DEMO_FILL_ML);
      const done = await own1.execute({
        op: 'refill',
        commandId: own1.newCommandId(),
        drug: morphine.drug,
        concentration: morphine.concentration,
        volumeAdded: fill,
        newVolume: fill,
        drainedVolume: baclofenPump.world.reservoir.volume,
        prescription: { mode: 'simple-continuous', drug: morphine, dose: mcgPerDay(3000) },
        expectedVersion: baclofenPump.server.state.pump.version,
      });
      expect(done.outcome).toBe('applied');
      // The catheter's baclofen is pushed out within days; after that nothing the body models arrives.
      own.advanceTo(start + 40 * MS_PER_DAY);
      const after = baclofenPump.observe();
      if (after === null) throw new Error('the body made at implant goes on');
      expect(baclofenPump.world.reservoir.drug).toBe('morphine');
      expect(after.csf.tip).toBeLessThan(onBaclofen.csf.tip * 1e-6);
      expect(after.withdrawalStage).not.toBe('none');
    } finally {
      own1.close();
      await baclofenPump.close();
    }
  });
});

describe('a demo pump holding a drug the virtual body does not model', () => {
  it('runs the pump and its world on morphine, and shows no body state (never baclofen tone for morphine)', async () => {
    const pain = DEMO_PATIENTS.find((c) => demoDrug(c) !== 'baclofen');
    if (pain === undefined) throw new Error('the demo cast has no patient on another drug');
    const start = Date.UTC(2026, 0, 5);
    const own = new DemoClock(start, 1, () => 0);
    const morphinePump = await startVirtualPump(pain, own, start);
    try {
      own.advanceTo(start + 2 * MS_PER_DAY);
      expect(morphinePump.observe()).toBeNull();
      expect(morphinePump.server.state.pump.totals.deliveredNl).toBeGreaterThan(0);
      expect(morphinePump.world.reservoir.volume).toBeLessThan(mlToNl(DEMO_FILL_ML));
      expect(morphinePump.world.reservoir.drug).toBe(demoDrug(pain));
    } finally {
      await morphinePump.close();
    }
  });
});
