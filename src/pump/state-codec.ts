/**
 * The pump state as bytes for the non-volatile image (nvm.ts stores them in two CRC-checked pages), and
 * the safe state a pump boots into when no image decodes (FDA 2014 hazard "corrupted dose history"; fail
 * safe, never guess a dose). The encoding is UTF-8 JSON: a registered device profile is stored by id, a
 * custom one in full; decoding validates shape and invariants with zod and throws ITB_E_PUMP_STATE_INVALID
 * on anything else — never returns a half-valid state.
 */
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import { evaluate } from './advance.ts';
import { blankState } from './controller.ts';
import { draftOf, emptyOutputs, writeLog } from './draft.ts';
import type { PumpProfile } from './profile.ts';
import { PROFILES } from './profiles.ts';
import { stateSchema } from './state-schema.ts';
import type { PumpState } from './state.ts';

const registered = (p: PumpProfile): string | undefined => {
  const known = PROFILES.find((x) => x.id === p.id);
  return known !== undefined && JSON.stringify(known) === JSON.stringify(p) ? p.id : undefined;
};

/** Encodes a state to bytes (UTF-8 JSON; a registered profile by id). */
export function encodeState(state: PumpState): Uint8Array {
  const ref = registered(state.profile);
  const body = ref === undefined ? state : { ...state, profile: { ref } };
  return new TextEncoder().encode(JSON.stringify(body));
}

const invalid = (message: string, details?: Record<string, unknown>): ItbError =>
  new ItbError('ITB_E_PUMP_STATE_INVALID', message, details);

/** Decodes and validates a state; throws ITB_E_PUMP_STATE_INVALID on anything that is not a valid state. */
export function decodeState(bytes: Uint8Array): PumpState {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw invalid(`the stored state is not UTF-8 JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof json !== 'object' || json === null) throw invalid('the stored state is not an object');
  const raw = json as Record<string, unknown>;
  const profile = raw.profile as { ref?: unknown } | undefined;
  if (profile !== undefined && typeof profile === 'object' && profile !== null && 'ref' in profile) {
    const known = PROFILES.find((p) => p.id === profile.ref);
    if (known === undefined)
      throw invalid(`the stored state names an unknown profile ${String(profile.ref)}`);
    raw.profile = known;
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalid(`the stored state failed validation:\n${z.prettifyError(parsed.error)}`, {
      issues: parsed.error.issues,
    });
  }
  return parsed.data as unknown as PumpState;
}

/**
 * The state a pump boots into when its memory holds no valid image: critical memory-error alarm, contents
 * and programme unknown (so boluses are refused), delivery at the profile's safe flow for a critical
 * memory error (the registered profiles stop: with nothing known, no flow is a prescribed dose), and a log
 * entry saying why. Battery use is unknown and counted from `now`; the alarm makes the clinic interrogate,
 * refill and reprogram, which clears it.
 */
export function memoryErrorState(profile: PumpProfile, serial: string, now: EpochMs): PumpState {
  const d = draftOf(blankState(profile, serial, now));
  const out = emptyOutputs();
  d.memory = 'critical-error';
  writeLog(
    d,
    out,
    'memory-error',
    'boot: no valid memory image — contents, programme and battery use unknown; safe state',
  );
  evaluate(d, out);
  return d;
}
