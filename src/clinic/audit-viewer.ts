/**
 * The audit viewer's read (issue 12, item 7): the filtered entries (audit-filter.ts), each with its actor's
 * name and role (actor-names.ts). One function for the API's audit route and `itb audit list`.
 */
import type { ActorContext } from './records.ts';
import type { AuditEntry, AuditFilter, ClinicStore } from './store.ts';

/** An audit entry with who did it as a person reads it. */
export type NamedAuditEntry = AuditEntry & {
  readonly actorName: string;
  /** Null for the system and for a deleted account. */
  readonly actorRole: string | null;
};

/** The entries `filter` selects (reading them is audited), each with its actor's name and role. */
export async function namedAuditTrail(
  store: Pick<ClinicStore, 'auditTrail' | 'resolveActors'>,
  filter: AuditFilter,
  ctx: ActorContext,
): Promise<NamedAuditEntry[]> {
  const entries = await store.auditTrail(filter, ctx);
  const names = await store.resolveActors(entries.map((e) => e.actor));
  return entries.map((e, i) => ({
    ...e,
    actorName: names[i]?.name ?? e.actor,
    actorRole: names[i]?.role ?? null,
  }));
}
