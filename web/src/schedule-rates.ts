/**
 * A day of a flex schedule as the pump runs it: the total dose rate (basal steps plus periodic boluses,
 * spread over their duration as the pump delivers them) in each stretch between consecutive edges.
 */
import type { PrescriptionJson } from '../../src/therapy/prescription-json.ts';

export type DaySchedule = Extract<PrescriptionJson, { mode: 'flex' }>['everyDay'];

export interface RatePiece {
  /** Minutes after midnight. */
  readonly from: number;
  readonly to: number;
  readonly mcgPerDay: number;
}

export const MINUTES_PER_DAY = 1440;

/** The rate in each stretch between consecutive step and bolus edges, in mcg/day. */
export function ratePieces(day: DaySchedule): RatePiece[] {
  const clamp = (m: number) => Math.min(MINUTES_PER_DAY, Math.max(0, m));
  const edges = new Set<number>([0, MINUTES_PER_DAY]);
  for (const s of day.steps) edges.add(clamp(s.startMinute));
  for (const b of day.boluses) {
    edges.add(clamp(b.startMinute));
    edges.add(clamp(b.startMinute + b.durationMinutes));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const pieces: RatePiece[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const from = sorted[i] ?? 0;
    const to = sorted[i + 1] ?? MINUTES_PER_DAY;
    const basal = [...day.steps].reverse().find((s) => s.startMinute <= from)?.doseMcgPerDay ?? 0;
    const bolus = day.boluses
      .filter(
        (b) => b.durationMinutes > 0 && b.startMinute <= from && from < b.startMinute + b.durationMinutes,
      )
      .reduce((sum, b) => sum + (b.amountMcg * MINUTES_PER_DAY) / b.durationMinutes, 0);
    pieces.push({ from, to, mcgPerDay: basal + bolus });
  }
  return pieces;
}
