/**
 * Injected faults that act at an instant (the refill faults act in refill.ts): a catheter change in the
 * world, an MRI (world stall + the pump's field signals), a battery fault (the pump's signal), and a
 * programming slip (through the same programming path as any dose change, so the guardrails see it).
 */
import { millis, epochMs } from '../therapy/quantities.ts';
import { setCatheter, startMri, type CatheterState } from '../world/index.ts';
import type { FaultRecord, Sim } from './context.ts';
import { program } from './programming.ts';
import { command, refusedSignal } from './pump-commands.ts';
import { addEvent } from './record.ts';
import type { Fault } from './scenario.ts';

/** The scenario's catheter state as the world's (zod's optional `at` made exact). */
function catheterState(s: Extract<Fault, { kind: 'catheter' }>['state']): CatheterState {
  if (s.kind !== 'leaking') return s;
  return s.at === undefined
    ? { kind: 'leaking', fraction: s.fraction }
    : { kind: 'leaking', fraction: s.fraction, at: s.at };
}

/** Applies one scheduled (non-refill) fault now. */
export function injectFault(sim: Sim, fault: Fault, rec: FaultRecord): void {
  const t = sim.c.t;
  rec.startedAt = t;
  switch (fault.kind) {
    case 'catheter':
      sim.c = { ...sim.c, world: setCatheter(sim.c.world, catheterState(fault.state), t) };
      sim.catheterFault = fault.state.kind !== 'patent';
      addEvent(sim.rec, t, 'fault', `catheter becomes ${fault.state.kind}`);
      return;
    case 'mri': {
      // The world reports a stall at the scan start and a recovery after a drawn 2–24 h delay; the pump is
      // told magnet-start now and magnet-end { recovery } when the field ends (docs/pump.md, wiring), so
      // the pump and the world agree on when the rotor turns again.
      const scan = Math.round((fault.scanMinutes ?? 30) * 60_000);
      const m = startMri(sim.c.world, t, millis(scan));
      sim.c = { ...sim.c, world: m.world };
      const recovery = m.signals.find((x) => x.kind === 'motor-recovery')?.at ?? t + scan;
      command(sim, { kind: 'magnet-start', source: 'mri' });
      sim.agenda.add(epochMs(t + scan), { kind: 'magnet-end', recovery: millis(recovery - (t + scan)) });
      addEvent(sim.rec, t, 'fault', `MRI scan of ${fault.scanMinutes ?? 30} min: the rotor stalls`);
      return;
    }
    case 'battery-fault':
      command(sim, { kind: 'battery-fault' });
      addEvent(sim.rec, t, 'fault', 'battery fault (low-battery reset)');
      return;
    case 'programming-slip': {
      const p = sim.c.pump.prescription;
      const dose = p.mode === 'simple-continuous' ? p.dose / 1000 : 0;
      addEvent(sim.rec, t, 'fault', `programming slip: ${dose} µg/day typed as ${dose * fault.factor}`);
      const ok = program(
        sim,
        Math.round(dose * fault.factor),
        'programming slip',
        fault.checkedBy === 'pump-only',
      );
      if (!ok) refusedSignal(sim, t, rec);
      return;
    }
    default:
      return; // refill faults act at their refill
  }
}
