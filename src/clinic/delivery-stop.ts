/**
 * Whether the clinic's records say delivery is stopped, and since when: the first verified stop of the
 * interruption no resume has ended (programmer/stop-resume.ts records both). Read by the resume plan (how long the patient
 * has been without drug: restart guidance, docs/clinical-reference.md §2) and by the refill-booking check
 * (a booked refill does not restart a stopped pump).
 */
import type { ProgrammingSession } from './clinical-records.ts';

/** A session that stopped or resumed delivery and took effect (verified, or applied but not read back). */
export function stopOrResume(s: Pick<ProgrammingSession, 'interrogation'>): 'stop' | 'resume' | null {
  const w = s.interrogation['workflow'];
  const write = s.interrogation['write'] as { status?: unknown } | undefined;
  const took = write?.status === 'verified' || write?.status === 'applied-unverified';
  if (!took) return null;
  return w === 'stop' ? 'stop' : w === 'resume' ? 'resume' : null;
}

/** The clinic's verified stops of this implant, oldest first, each with its resume (null while it stands). */
export function deliveryStops(
  sessions: readonly Pick<ProgrammingSession, 'implantId' | 'at' | 'interrogation'>[],
  implantId: string,
): { at: number; resumedAt: number | null }[] {
  const out: { at: number; resumedAt: number | null }[] = [];
  for (const s of [...sessions].sort((a, b) => a.at - b.at)) {
    if (s.implantId !== implantId) continue;
    const change = stopOrResume(s);
    const open = out.at(-1);
    if (change === 'stop' && (open === undefined || open.resumedAt !== null))
      out.push({ at: s.at, resumedAt: null });
    if (change === 'resume' && open !== undefined && open.resumedAt === null) open.resumedAt = s.at;
  }
  return out;
}

/**
 * Since when the clinic's records say delivery of this implant stands stopped: the open stop of
 * {@link deliveryStops}, dated from its first verified stop (a repeat stop never shortens the interruption
 * the restart guidance reads), or undefined when the last stop was resumed or there is none.
 */
export function stoppedSinceFrom(
  sessions: readonly Pick<ProgrammingSession, 'implantId' | 'at' | 'interrogation'>[],
  implantId: string,
): number | undefined {
  const last = deliveryStops(sessions, implantId).at(-1);
  return last !== undefined && last.resumedAt === null ? last.at : undefined;
}
