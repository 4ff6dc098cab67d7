/**
 * What the link costs the pump's battery (docs/clinical-reference.md §3 battery, §5 battery drain; Halperin
 * et al. 2008). The pump's battery model (src/pump/battery.ts) charges each opened session; this module
 * prices the rest of the link's work — frames read, frames sent, key agreements — so an attack can be
 * measured against a stated budget in battery-life days. Reception airtime is not priced here: it is set
 * by the radio's listening schedule, and the guard's receiver budget (guard.ts) is how the link bounds it.
 * All numbers are modelling assumptions [A] of ours.
 */
import { dailyEnergyNj } from '../pump/battery.ts';
import type { PumpState } from '../pump/state.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import { sourced, type Sourced } from '../therapy/sourced.ts';

export interface LinkEnergyModel {
  /** Waking for one received frame and running the cheap checks (header, length, CRC-32), nJ. */
  readonly frameReadNj: Sourced<number>;
  /** Transmitting one short frame (an answer), nJ. */
  readonly frameSentNj: Sourced<number>;
  /** One key agreement: four X25519 scalar multiplications and the key schedule, nJ. */
  readonly keyAgreementNj: Sourced<number>;
  /** One AES-256-GCM tag check of a short frame (a HELLO's proof of pairing, a CONFIRM), nJ. */
  readonly tagCheckNj: Sourced<number>;
}

export const LINK_ENERGY: LinkEnergyModel = {
  frameReadNj: sourced(150, 'A', 'assumption: ~60 µs of interrupt, header and CRC-32 work at ~2.5 mW'),
  frameSentNj: sourced(50_000, 'A', 'assumption: ~3 ms of transmission at ~15 mW, ramp-up included'),
  keyAgreementNj: sourced(
    1_500_000,
    'A',
    'assumption: 4 × X25519 at ~3.6 M cycles each on a Cortex-M0-class core (Düll et al. 2015), ~75 ms at ~5 mW each',
  ),
  tagCheckNj: sourced(
    100,
    'A',
    'assumption: AES-256-GCM over ~90 bytes on an AES hardware block, ~40 µs at ~2.5 mW with set-up (in software ~1 µJ: threat model)',
  ),
};

/**
 * The budget an attack on the link may cost: battery-life days lost per day of sustained attack. At 0.1,
 * a week-long attack costs less than one day of a battery that lasts 5–7 years.
 */
export const LINK_ATTACK_BUDGET: Sourced<number> = sourced(
  0.1,
  'A',
  'assumption: a week of sustained attack may cost at most one day of battery life',
);

/** What the link did over a stretch of time. */
export interface LinkActivity {
  readonly framesRead: number;
  readonly framesSent: number;
  readonly keyAgreements: number;
  /** AES-GCM tag checks outside a session (HELLO proofs of pairing, CONFIRMs); not counted if absent. */
  readonly tagChecks?: number;
}

/** Energy of the activity, nJ. */
export function linkEnergyNj(a: LinkActivity, m: LinkEnergyModel = LINK_ENERGY): number {
  return (
    a.framesRead * m.frameReadNj.value +
    a.framesSent * m.frameSentNj.value +
    a.keyAgreements * m.keyAgreementNj.value +
    (a.tagChecks ?? 0) * m.tagCheckNj.value
  );
}

/**
 * Battery-life days lost per day if the activity measured over `durationMs` went on all day: its energy
 * per day over the pump's own daily energy at its programme (idle drain and strokes, battery.ts).
 */
export function batteryDaysLostPerDay(
  a: LinkActivity,
  durationMs: number,
  pump: PumpState,
  m: LinkEnergyModel = LINK_ENERGY,
): number {
  if (!(durationMs > 0)) throw new RangeError('the measured duration must be positive');
  const daily = Number(dailyEnergyNj(pump));
  if (daily <= 0) return 0;
  return (linkEnergyNj(a, m) * (MS_PER_DAY / durationMs)) / daily;
}
