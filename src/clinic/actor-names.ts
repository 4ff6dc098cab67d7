/**
 * Who did something, in the words a clinician reads: the actor recorded on every record and audit entry
 * (`user:<id>`, `system:<what>`) as the person's name and role. One resolver for the API, the web pages and
 * the PDFs, so no surface prints "user:47d6…" (an id nobody can check at the bedside) and a removed account
 * still reads as "deleted user <id>" rather than vanishing from the record.
 */

/** An actor as a person reads it. `role` is null for the system and for a deleted account. */
export interface ActorName {
  readonly actor: string;
  readonly name: string;
  readonly role: string | null;
}

/** The accounts known by id (name and role only: nothing else of the account is needed or shown). */
export type KnownUsers = ReadonlyMap<string, { readonly name: string; readonly role: string }>;

/** The user id an actor names, or undefined for a non-user actor (the system, the demo). */
export const userIdOf = (actor: string): string | undefined => /^user:(.+)$/.exec(actor)?.[1];

/** One actor's name and role from the known accounts. */
export function nameActor(actor: string, users: KnownUsers): ActorName {
  const id = userIdOf(actor);
  if (id !== undefined) {
    const user = users.get(id);
    return user === undefined
      ? { actor, name: `deleted user ${id}`, role: null }
      : { actor, name: user.name, role: user.role };
  }
  const system = /^system:(.+)$/.exec(actor)?.[1];
  return { actor, name: system === undefined ? actor : `the system (${system})`, role: null };
}

/** "Ann Novak (nurse)", or the name alone when there is no role. */
export const actorLabel = (n: ActorName): string => (n.role === null ? n.name : `${n.name} (${n.role})`);
