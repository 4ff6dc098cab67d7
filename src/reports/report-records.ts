/**
 * The records behind every report, read the way a reader needs them: the implant in use, and an actor id
 * as the person's name (a chart names people, never ids).
 */
import type { ActorContext, Implant } from '../clinic/records.ts';
import type { ClinicStore } from '../clinic/store.ts';
import { ItbError } from '../therapy/codes.ts';

/** The implant in use: the most recently implanted. */
export function currentImplant(implants: readonly Implant[], patientId: string): Implant {
  const last = [...implants]
    .sort((a, b) => a.implantDate.localeCompare(b.implantDate) || a.createdAt - b.createdAt)
    .at(-1);
  if (last === undefined)
    throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no implant recorded`, {
      patientId,
    });
  return last;
}

/**
 * A record's actor (`user:<id>`) as the person's name; other actors (system, demo) as they are. An id with
 * no account on record (a seeded or removed actor) prints as the id without its scheme, said to be so: a
 * chart reader must not take "user:demo-seed-nurse" for a name.
 */
export async function actorName(store: ClinicStore, actor: string, ctx: ActorContext): Promise<string> {
  const id = /^user:(.+)$/.exec(actor)?.[1];
  if (id === undefined) return actor;
  try {
    return (await store.getUser(id, ctx)).name;
  } catch {
    return `${id} (no account on record)`;
  }
}
