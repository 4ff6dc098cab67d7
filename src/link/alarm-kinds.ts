/**
 * Alarm kinds on the wire (docs/clinical-reference.md §3, Alarms [C]): the non-critical and critical alarms of the
 * SynchroMed family, one code each. The status frame carries them as a bit mask (bit n = code n).
 */
import type { AlarmType } from '../pump/state.ts';
import type { Reader } from './wire.ts';

/** The controller's alarm types; a new one fails to compile here until it has a wire code. */
export type AlarmKind = AlarmType;

export const ALARM_CODES: Readonly<Record<AlarmKind, number>> = {
  'low-reservoir': 1,
  eri: 2,
  'memory-error-minor': 3,
  'empty-reservoir': 4,
  eos: 5,
  'motor-stall': 6,
  'low-battery-reset': 7,
  'memory-error': 8,
};
const BY_CODE = new Map<number, AlarmKind>(Object.entries(ALARM_CODES).map(([k, c]) => [c, k as AlarmKind]));

/** Critical alarms sound the two-tone pattern and halt boluses; the others are non-critical. */
export const CRITICAL_ALARMS: ReadonlySet<AlarmKind> = new Set<AlarmKind>([
  'empty-reservoir',
  'eos',
  'motor-stall',
  'low-battery-reset',
  'memory-error',
]);

export function readAlarmKind(r: Reader, what = 'alarm'): AlarmKind {
  const code = r.u8(what);
  const kind = BY_CODE.get(code);
  if (kind === undefined) r.fail(`${what}: unknown alarm code ${code}`);
  return kind;
}

/** The status frame's alarm bit mask. */
export function alarmMask(kinds: Iterable<AlarmKind>): number {
  let m = 0;
  for (const k of kinds) m |= 1 << ALARM_CODES[k];
  return m;
}

/** The alarm kinds of a bit mask; undefined if an unknown bit is set. */
export function alarmsOfMask(mask: number): AlarmKind[] | undefined {
  const out: AlarmKind[] = [];
  for (let bit = 0; bit < 16; bit++) {
    if (!(mask & (1 << bit))) continue;
    const kind = BY_CODE.get(bit);
    if (kind === undefined) return undefined;
    out.push(kind);
  }
  return out;
}
