/**
 * MRI (docs/clinical-reference.md §3): the magnetic field stalls the SynchroMed rotor for the scan, and recovery may take
 * 2–24 h afterwards. The world records the stall (no fluid moves, whatever the pump commands) and emits the
 * signals the pump's motor sensing would produce; the controller decides what to log and alarm. Prometra's
 * valve closure (manual reset) and Prometra I's reservoir dump are not modelled here.
 */
import { ItbError } from '../therapy/codes.ts';
import type { EpochMs, Millis } from '../therapy/quantities.ts';
import { uniformBetween } from './random.ts';
import type { World, WorldSignal } from './types.ts';
import { assertNotBefore } from './world.ts';

/**
 * An MRI scan starting at `now` and lasting `scanDuration` (0 = count the recovery from the scan start).
 * The recovery delay is drawn from the world's MRI stream, uniformly within the [C] 2–24 h range (the
 * uniform shape is our [A] assumption).
 */
export function startMri(
  world: World,
  now: EpochMs,
  scanDuration: Millis = 0 as Millis,
): { readonly world: World; readonly signals: readonly WorldSignal[] } {
  assertNotBefore(world, now, 'MRI');
  if (!Number.isSafeInteger(scanDuration) || scanDuration < 0) {
    throw new ItbError('ITB_E_WORLD_INVALID_PARAMS', `scan duration ${scanDuration} ms is not valid`);
  }
  const { min, max } = world.params.mriRecoveryDelay.value;
  const [delay, mri] = uniformBetween(world.rng.mri, min, max);
  const recovery = (now + scanDuration + Math.round(delay)) as EpochMs;
  return {
    world: {
      ...world,
      stalls: [...world.stalls, { from: now, until: recovery }],
      rng: { ...world.rng, mri },
    },
    signals: [
      { kind: 'motor-stall', at: now, cause: 'mri', fieldEnd: (now + scanDuration) as EpochMs },
      { kind: 'motor-recovery', at: recovery },
    ],
  };
}
