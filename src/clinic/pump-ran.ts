/**
 * What the pump ran over time: at each instant, the prescription then in force as the pump ran it
 * (pump-contents.ts `asRunByPump`, from the contents and programme known by then). A physician's new
 * concentration, with its new dose, is on record before the refill that brings it in; until then the pump
 * runs its own programme. The patient page's dose and reservoir charts dated such a prescription from when it
 * was written: the dose chart said "now" the new dose while the page's "In the pump now" said the old one,
 * and the reservoir line fell at the new dose from the old concentration. Pure: the pages read it.
 */
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import {
  asRunByPump,
  heldContents,
  knownAt,
  pumpStates,
  reportedProgramme,
  type PumpRecords,
} from './pump-contents.ts';

/** The pump's records and the prescription chain, as the API gives them. */
export interface RanRecords extends PumpRecords {
  readonly prescriptions: readonly { readonly createdAt: number; readonly prescription: PrescriptionJson }[];
}

/** What the pump ran at `t`, or null before any prescription. */
export function ranAt(r: RanRecords, t: number): PrescriptionJson | null {
  const inForce = r.prescriptions.filter((p) => p.createdAt <= t).sort((a, b) => a.createdAt - b.createdAt);
  const p = inForce.at(-1);
  if (p === undefined) return null;
  const held = heldContents(pumpStates(r).filter((s) => s.at <= t));
  const reported = reportedProgramme(r.sessions.filter((s) => knownAt(s) <= t));
  return asRunByPump(p.prescription, held, reported);
}

/** The instants at which what the pump ran may change (a prescription, a fill, a session), oldest first. */
export function ranChanges(r: RanRecords): number[] {
  const at = [
    ...r.prescriptions.map((p) => p.createdAt),
    ...pumpStates(r).map((s) => s.at),
    ...r.sessions.map(knownAt),
  ];
  return [...new Set(at)].sort((a, b) => a - b);
}
