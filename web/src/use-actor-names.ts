/**
 * Who did something, by name: the actors recorded on records and audit entries (`user:<id>`) as
 * "Ann Novak (nurse)" from the server's one resolver (GET /api/v1/actors; src/clinic/actor-names.ts), so no
 * page shows a user id. A removed account reads "deleted user <id>".
 */
import { useEffect, useMemo, useState } from 'react';
import { api } from './api.ts';

export interface ActorName {
  readonly actor: string;
  readonly name: string;
  readonly role: string | null;
}

/** "Ann Novak (nurse)", or the name alone (the system, a deleted account). */
export const actorLabel = (n: ActorName): string => (n.role === null ? n.name : `${n.name} (${n.role})`);

/** A function from an actor to its label; "…" while the names load (never the raw id). */
export function useActorNames(actors: readonly string[]): (actor: string) => string {
  const key = useMemo(() => [...new Set(actors)].sort().join('\n'), [actors]);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const wanted = key === '' ? [] : key.split('\n');
    if (wanted.length === 0) return;
    const q = wanted.map((a) => `actor=${encodeURIComponent(a)}`).join('&');
    api.get<ActorName[]>(`/api/v1/actors?${q}`).then(
      (list) => setNames(new Map(list.map((n) => [n.actor, actorLabel(n)]))),
      () => setNames(new Map()),
    );
  }, [key]);
  return (actor: string) => names.get(actor) ?? '…';
}
