/**
 * Alerts (the clinic's own watch on low reservoirs, discrepancies, ERI — docs/clinical-reference.md §3: never rely on the
 * pump's alarm alone) and the audit trail's read side: listing entries and verifying the chain.
 */
import type { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import type { EpochMs } from '../therapy/quantities.ts';
import { splitSource } from './source-tags.ts';
import { applyAuditFilter } from './audit-filter.ts';
import { ChainVerifier, type AuditVerification } from './audit-chain.ts';
import { alertBodySchema, alertInputSchema, type Alert, type AlertInput } from './clinical-records.ts';
import type { AlertsTable, AuditLogTable } from './db-schema.ts';
import { requireImplant, requirePatient } from './people-repo.ts';
import type { ActorContext } from './records.ts';
import { inInboxOf } from './alert-roles.ts';
import { closeAlert, type ClosedBy } from './alert-closing.ts';
import type { AlertFilter, AlertInboxItem, AuditEntry, AuditFilter, Refusal } from './store.ts';
import {
  parseInput,
  parseStored,
  toItbError,
  toJsonText,
  type StoreCore,
  type Trx,
  type Tx,
} from './store-core.ts';

const PAGE = 1000;
/** The most audit entries one read returns (the viewer pages for more). */
export const MAX_AUDIT_PAGE = 10_000;

export function alertFrom(r: AlertsTable): Alert {
  const body = parseStored(alertBodySchema, r.body, `alert ${r.id}`);
  return {
    ...body,
    id: r.id,
    patientId: r.patient_id,
    implantId: r.implant_id,
    kind: r.kind as Alert['kind'],
    severity: r.severity as Alert['severity'],
    createdAt: r.raised_at as EpochMs,
    createdBy: r.raised_by,
    since: body.since ?? r.raised_at,
    state: r.resolved_at !== null ? 'resolved' : r.acknowledged_at !== null ? 'acknowledged' : 'open',
    acknowledged:
      r.acknowledged_at === null
        ? null
        : { at: r.acknowledged_at, by: r.acknowledged_by ?? '', note: r.acknowledgement ?? '' },
    resolved:
      r.resolved_at === null
        ? null
        : { at: r.resolved_at, by: r.resolved_by ?? '', resolution: r.resolution ?? '' },
  };
}

const SEVERITY_RANK: Readonly<Record<string, number>> = { critical: 0, warning: 1, info: 2 };

/** Inbox order: critical first, then warning, then info; within a severity the oldest condition first. */
export function compareAlerts(a: Alert, b: Alert): number {
  const s = (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3);
  if (s !== 0) return s;
  if (a.since !== b.since) return a.since - b.since;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function entryFrom(r: AuditLogTable): AuditEntry {
  let details: unknown;
  try {
    details = JSON.parse(r.details);
  } catch {
    details = r.details;
  }
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    details,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** The alert's row while it is open (not resolved): ITB_E_CLINIC_NOT_FOUND or _ALREADY_RESOLVED otherwise. */
async function requireOpenAlert(trx: Trx, alertId: string): Promise<AlertsTable> {
  const row = await trx.selectFrom('alerts').selectAll().where('id', '=', alertId).executeTakeFirst();
  if (row === undefined) throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `no alert ${alertId}`);
  if (row.resolved_at !== null)
    throw new ItbError(
      'ITB_E_CLINIC_ALREADY_RESOLVED',
      `alert ${alertId} was resolved by ${row.resolved_by}`,
    );
  return row;
}

/**
 * Inserts an alert and its audit entry inside an open transaction: raiseAlert's body, shared with the
 * records that raise an alert as they are written (an urgent diary entry, diary-repo.ts).
 */
export async function insertAlert(
  core: StoreCore,
  t: Tx,
  ctx: ActorContext,
  parsed: z.output<typeof alertInputSchema>,
): Promise<Alert> {
  // Words for the clinician; a trailing source tag goes to `source` (source-tags.ts).
  const words = splitSource(parsed.message);
  const a = { ...parsed, message: words.message, source: parsed.source ?? words.source };
  await requirePatient(t.trx, a.patientId);
  if (a.implantId !== null) await requireImplant(t.trx, a.implantId, a.patientId);
  const row: AlertsTable = {
    id: core.newId(),
    patient_id: a.patientId,
    implant_id: a.implantId,
    kind: a.kind,
    severity: a.severity,
    body: toJsonText({
      message: a.message,
      reasons: a.reasons,
      ...(a.since === undefined ? {} : { since: a.since }),
      ...(a.sinceTimeKnown === undefined ? {} : { sinceTimeKnown: a.sinceTimeKnown }),
      ...(a.condition === undefined ? {} : { condition: a.condition }),
      ...(a.source === undefined ? {} : { source: a.source }),
      ...(a.cause === undefined ? {} : { cause: a.cause }),
    }),
    raised_at: t.now,
    raised_by: ctx.actor,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    acknowledged_at: null,
    acknowledged_by: null,
    acknowledgement: null,
  };
  await t.trx.insertInto('alerts').values(row).execute();
  const alert = alertFrom(row);
  await t.audit(ctx, 'create', 'alert', row.id, alert);
  return alert;
}

export class AlertsAuditRepo {
  constructor(private readonly core: StoreCore) {}

  raiseAlert(input: AlertInput, ctx: ActorContext): Promise<Alert> {
    const parsed = parseInput(alertInputSchema, input, 'alert');
    return this.core.tx(ctx, (t) => insertAlert(this.core, t, ctx, parsed));
  }

  resolveAlert(alertId: string, resolution: string, ctx: ActorContext): Promise<Alert> {
    const note = resolution.trim();
    if (note === '') throw new ItbError('ITB_E_INVALID_INPUT', 'say how the alert was resolved');
    return this.core.tx(ctx, async (t) => {
      const row = await requireOpenAlert(t.trx, alertId);
      // Only an open alert changes, and only once: the resolution never overwrites an earlier one.
      await t.trx
        .updateTable('alerts')
        .set({ resolved_at: t.now, resolved_by: ctx.actor, resolution: note })
        .where('id', '=', alertId)
        .where('resolved_at', 'is', null)
        .execute();
      await t.audit(ctx, 'resolve', 'alert', alertId, { resolution: note });
      return alertFrom({ ...row, resolved_at: t.now, resolved_by: ctx.actor, resolution: note });
    });
  }

  closeAlerts(
    alertIds: readonly string[],
    resolution: string,
    closedBy: ClosedBy,
    ctx: ActorContext,
  ): Promise<void> {
    return this.core.tx(ctx, async (t) => {
      for (const id of alertIds) await closeAlert(t, ctx, id, resolution, closedBy);
    });
  }

  /**
   * Marks an open alert acknowledged (seen, being handled) with a note; audited. Refused for a resolved
   * alert (ITB_E_CLINIC_ALREADY_RESOLVED) and without a note.
   */
  acknowledgeAlert(alertId: string, note: string, ctx: ActorContext): Promise<Alert> {
    const text = note.trim();
    if (text === '') throw new ItbError('ITB_E_INVALID_INPUT', 'say what is being done about the alert');
    return this.core.tx(ctx, async (t) => {
      const row = await requireOpenAlert(t.trx, alertId);
      const ack = { acknowledged_at: t.now, acknowledged_by: ctx.actor, acknowledgement: text };
      await t.trx
        .updateTable('alerts')
        .set(ack)
        .where('id', '=', alertId)
        .where('resolved_at', 'is', null)
        .execute();
      await t.audit(ctx, 'acknowledge', 'alert', alertId, { note: text });
      return alertFrom({ ...row, ...ack });
    });
  }

  /** Alerts, oldest first; `state` narrows them (`openOnly` = open or acknowledged, as before). */
  listAlerts(filter: AlertFilter, ctx: ActorContext): Promise<Alert[]> {
    return this.core.tx(ctx, async (t) => {
      let q = t.trx.selectFrom('alerts').selectAll();
      if (filter.patientId !== undefined) q = q.where('patient_id', '=', filter.patientId);
      const state = filter.state ?? (filter.openOnly === true ? 'unresolved' : 'all');
      if (state !== 'all') {
        q = q.where('resolved_at', state === 'resolved' ? 'is not' : 'is', null);
        if (state === 'open') q = q.where('acknowledged_at', 'is', null);
        if (state === 'acknowledged') q = q.where('acknowledged_at', 'is not', null);
      }
      const rows = await q.orderBy('raised_at').orderBy('id').execute();
      await t.audit(ctx, 'list', 'alert', filter.patientId ?? '*', { filter, ids: rows.map((r) => r.id) });
      return rows.map(alertFrom);
    });
  }

  /** The inbox: alerts with their patient's name and MRN, critical first ({@link compareAlerts}). */
  alertInbox(filter: AlertFilter, ctx: ActorContext): Promise<AlertInboxItem[]> {
    return this.core.tx(ctx, async (t) => {
      let q = t.trx
        .selectFrom('alerts')
        .innerJoin('patients', 'patients.id', 'alerts.patient_id')
        .selectAll('alerts')
        .select(['patients.name as patient_name', 'patients.mrn as patient_mrn']);
      if (filter.patientId !== undefined) q = q.where('alerts.patient_id', '=', filter.patientId);
      const state = filter.state ?? 'unresolved';
      if (state !== 'all') {
        q = q.where('alerts.resolved_at', state === 'resolved' ? 'is not' : 'is', null);
        if (state === 'open') q = q.where('alerts.acknowledged_at', 'is', null);
        if (state === 'acknowledged') q = q.where('alerts.acknowledged_at', 'is not', null);
      }
      const forRole = filter.forRole;
      const rows = (await q.execute()).filter(
        (r) => forRole === undefined || inInboxOf(forRole, alertFrom(r)),
      );
      await t.audit(ctx, 'list', 'alert', filter.patientId ?? '*', { filter, ids: rows.map((r) => r.id) });
      return rows
        .map(({ patient_name, patient_mrn, ...r }) => ({
          ...alertFrom(r),
          patient: { id: r.patient_id, name: patient_name, mrn: patient_mrn },
        }))
        .sort(compareAlerts);
    });
  }

  auditTrail(filter: AuditFilter, ctx: ActorContext): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 1000), 1), MAX_AUDIT_PAGE);
    return this.core.tx(ctx, async (t) => {
      const q = applyAuditFilter(t.trx.selectFrom('audit_log').selectAll(), filter);
      const rows = await q
        .orderBy('seq', filter.order ?? 'asc')
        .limit(limit)
        .execute();
      await t.audit(ctx, 'list', 'audit', '*', { filter, count: rows.length });
      return rows.map(entryFrom);
    });
  }

  recordRefusal(refusal: Refusal, ctx: ActorContext): Promise<void> {
    const { route, reason, patientId, tally } = refusal;
    return this.core.tx(ctx, (t) =>
      patientId === undefined
        ? t.audit(ctx, 'refuse', 'route', route, { reason, ...tally })
        : t.audit(ctx, 'refuse', 'patient', patientId, { route, reason, ...tally }),
    );
  }

  /**
   * Re-hashes every entry in one read-only snapshot (SQLite: a deferred read transaction in WAL mode;
   * PostgreSQL: REPEATABLE READ), page by page, and compares the end with the head row. Writers are not
   * blocked; entries committed after the snapshot are simply not part of this check.
   */
  async verifyAudit(): Promise<AuditVerification> {
    try {
      return await this.core.db
        .transaction()
        .setAccessMode('read only')
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          const head = await trx
            .selectFrom('audit_head')
            .select(['seq', 'hash'])
            .where('id', '=', 1)
            .executeTakeFirst();
          const v = new ChainVerifier();
          let after = 0;
          for (;;) {
            const rows = await trx
              .selectFrom('audit_log')
              .selectAll()
              .where('seq', '>', after)
              .orderBy('seq')
              .limit(PAGE)
              .execute();
            let going = true;
            for (const r of rows) {
              going = v.push({ ...r, entityId: r.entity_id, prevHash: r.prev_hash });
              if (!going) break;
            }
            const last = rows.at(-1);
            if (!going || last === undefined || rows.length < PAGE) break;
            after = last.seq;
          }
          return v.finish(head);
        });
    } catch (error) {
      throw toItbError(error);
    }
  }
}
