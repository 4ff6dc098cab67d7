/**
 * Whether the pump, as interrogated, can give a bolus now: the programmer's reading of the pump's own
 * refusals (src/pump/bolus-checks.ts), for every bolus a clinician starts (the single bolus and the
 * priming bolus), so nothing is sent that the pump would refuse and the clinician reads why before
 * confirming. A device that cannot give this kind of bolus (a constant-flow pump gives none), a stopped
 * pump or a stalled mechanism, a running bolus, a critical alarm (which halts every bolus: EMPTY, EOS, a
 * stalled motor, a memory error, a battery reset), or a reservoir that cannot give the volume above the
 * pump's empty threshold blocks (pure).
 */
import { CRITICAL_ALARMS } from '../link/alarm-kinds.ts';
import type { PumpStatus } from '../link/status-codec.ts';
import type { BolusKind, PumpProfile } from '../pump/profile.ts';
import type { Nanolitres } from '../therapy/quantities.ts';
import { formatVolume } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { progReason } from './codes.ts';

export interface BolusNeed {
  readonly kind: BolusKind;
  /** The volume it takes from the reservoir; null when it cannot be known (the pump holds no drug). */
  readonly volume: Nanolitres | null;
  /**
   * The implant's device profile when the caller knows it: which boluses it gives and its empty threshold
   * (without it, the reservoir itself is the limit and the pump checks the rest).
   */
  readonly profile?: PumpProfile;
}

const WHAT: Readonly<Record<BolusKind, string>> = {
  'single-bolus': 'bolus',
  'priming-bolus': 'priming bolus',
  'bridge-bolus': 'bridge bolus',
};

export function pumpCanGive(status: PumpStatus, need: BolusNeed): Reason[] {
  const block = (message: string, limit?: number, value?: number): Reason =>
    progReason('ITB_R_PROG_PUMP_STATE', 'block', message, limit, value);
  const what = WHAT[need.kind];
  const reasons: Reason[] = [];
  if (need.profile !== undefined && !need.profile.boluses.value.includes(need.kind)) {
    reasons.push(block(`${need.profile.name} cannot give a ${what}`));
  }
  if (status.suspended) reasons.push(block(`the pump is stopped: no ${what}`));
  else if (status.motorStalled) reasons.push(block(`the mechanism is stalled: no ${what}`));
  if (status.bolus !== undefined) reasons.push(block(`a ${status.bolus} is running: wait for it`));
  // Nothing to give from an empty pump: after weeks without drug a bolus is also a restart (overdose risk).
  const empty = status.alarms.includes('empty-reservoir');
  if (empty) {
    reasons.push(
      block(
        `the pump reports an EMPTY reservoir: no ${what} — refill first (after a long interruption, ` +
          'restart lower than the prior dose)',
      ),
    );
  }
  const critical = status.alarms.filter((a) => a !== 'empty-reservoir' && CRITICAL_ALARMS.has(a));
  if (critical.length > 0) {
    reasons.push(block(`a critical alarm is active (${critical.join(', ')}): the pump gives no ${what}`));
  }
  if (!empty && need.volume !== null) {
    const threshold = need.profile?.emptyThreshold.value ?? 0;
    if (status.reservoir - need.volume < threshold) {
      const above = threshold > 0 ? ` above its empty threshold ${formatVolume(threshold)}` : '';
      reasons.push(
        block(
          `the ${what} needs ${formatVolume(need.volume)}; the pump holds ` +
            `${formatVolume(status.reservoir)}${above}: no ${what} — refill first`,
          status.reservoir,
          need.volume + threshold,
        ),
      );
    }
  }
  return reasons;
}
