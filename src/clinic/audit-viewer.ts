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

/**
 * The records whose audit details an administrator reads: accounts, sessions, the trail itself, the
 * database, and refused requests. Every other entry's details are a clinical record as it was written —
 * a patient's name and birth date, a prescription, a diary note — which admins, who read no clinical
 * records (authz-table.ts), read through the viewer; there the details are null. Who, what, which record
 * and when stay, and `itb db verify-audit` re-hashes the chain from the stored details.
 */
const ADMIN_ENTITIES: ReadonlySet<string> = new Set(['user', 'session', 'audit', 'database', 'route']);

const detailsShown = (e: AuditEntry): boolean => ADMIN_ENTITIES.has(e.entity) || e.action === 'refuse';

/**
 * The entries `filter` selects (reading them is audited), each with its actor's name and role, the details
 * of clinical records withheld (null).
 */
export async function namedAuditTrail(
  store: Pick<ClinicStore, 'auditTrail' | 'resolveActors'>,
  filter: AuditFilter,
  ctx: ActorContext,
): Promise<NamedAuditEntry[]> {
  const entries = await store.auditTrail(filter, ctx);
  const names = await store.resolveActors(entries.map((e) => e.actor));
  return entries.map((e, i) => ({
    ...e,
    details: detailsShown(e) ? e.details : null,
    actorName: names[i]?.name ?? e.actor,
    actorRole: names[i]?.role ?? null,
  }));
}
