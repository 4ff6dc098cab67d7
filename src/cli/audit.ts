/**
 * `itb audit list`: the audit viewer on the command line — the entries the filters select, each with who
 * did it by name and role, through the function the API's audit route calls (clinic/audit-viewer.ts), as
 * the clinic user named by `--as` / ITB_USER under the API's rule for `GET /api/v1/audit` (admin only):
 *
 *   itb audit list [--patient ID] [--actor EMAIL|ACTOR] [--action A] [--entity E] [--from T] [--to T]
 *                  [--limit N] [--newest-first]                                      --as EMAIL [--db URL] [--json]
 *
 * `--actor` takes an account's e-mail (looked up among every account, disabled ones included, as the API's
 * `GET /api/v1/users`) or a recorded actor as it stands (`user:<id>`, `system:<what>`). Times are ISO 8601
 * with a zone (a bare date is 00:00 UTC); people read each entry's time in the clinic's zone. A bad time,
 * range or count, or an unknown e-mail is refused with its code (exit 1); nothing is read.
 */
import type { Command } from 'commander';
import { MAX_AUDIT_PAGE } from '../clinic/alerts-audit-repo.ts';
import { namedAuditTrail, type NamedAuditEntry } from '../clinic/audit-viewer.ts';
import { actorLabel } from '../clinic/actor-names.ts';
import { openStore } from '../clinic/open-store.ts';
import type { AuditFilter } from '../clinic/store.ts';
import { ItbError } from '../therapy/codes.ts';
import {
  ACCOUNT_LIST_ROUTE,
  accountIdByEmail,
  actingUserOption,
  authorizeActingUser,
  dbOption,
} from './clinic-access.ts';
import { int, str, type Flags } from './flags.ts';
import { run } from './output.ts';
import { instantFlag } from './parse.ts';
import { clinicInstantFormat } from './reason-line.ts';

/** What `itb audit list --json` prints. */
export interface AuditList {
  readonly entries: readonly NamedAuditEntry[];
}

/** One entry for people: seq, time in the clinic's zone, who, what. */
function line(e: NamedAuditEntry): string {
  const who = actorLabel({ actor: e.actor, name: e.actorName, role: e.actorRole });
  return `${e.seq}  ${clinicInstantFormat()(e.at)}  ${who}  ${e.action} ${e.entity} ${e.entityId}`;
}

/** An optional text flag, trimmed; empty is refused. */
function optionalText(f: Flags, key: string, flag: string): string | undefined {
  const v = str(f, key)?.trim();
  if (v === '') throw new ItbError('ITB_E_INVALID_INPUT', `${flag} must not be empty`);
  return v;
}

/** The filters the flags give, all checked before the database opens. */
function filterFrom(f: Flags): { filter: AuditFilter; actor: string | undefined } {
  const from = str(f, 'from') === undefined ? undefined : instantFlag(str(f, 'from'), '--from');
  const to = str(f, 'to') === undefined ? undefined : instantFlag(str(f, 'to'), '--to');
  if (from !== undefined && to !== undefined && to <= from) {
    throw new ItbError('ITB_E_INVALID_INPUT', '--to must be after --from');
  }
  const limit = int(f, 'limit', '--limit', 1, MAX_AUDIT_PAGE);
  const patientId = optionalText(f, 'patient', '--patient');
  const action = optionalText(f, 'action', '--action');
  const entity = optionalText(f, 'entity', '--entity');
  const filter: AuditFilter = {
    ...(patientId === undefined ? {} : { patientId }),
    ...(action === undefined ? {} : { action }),
    ...(entity === undefined ? {} : { entity }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(limit === undefined ? {} : { limit }),
    ...(f.newestFirst === true ? { order: 'desc' as const } : {}),
  };
  return { filter, actor: optionalText(f, 'actor', '--actor') };
}

async function list(f: Flags): Promise<AuditList> {
  const { filter, actor } = filterFrom(f);
  const byEmail = actor !== undefined && actor.includes('@');
  const routes = byEmail ? ['GET /api/v1/audit', ACCOUNT_LIST_ROUTE] : ['GET /api/v1/audit'];
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = await authorizeActingUser(store, f, routes, {});
    const recorded = byEmail ? `user:${await accountIdByEmail(store, ctx, actor)}` : actor;
    return {
      entries: await namedAuditTrail(
        store,
        { ...filter, ...(recorded === undefined ? {} : { actor: recorded }) },
        ctx,
      ),
    };
  } finally {
    await store.close();
  }
}

/** Registers `itb audit …`. */
export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('the audit trail: entries by patient, actor, action and time (admin)');
  actingUserOption(
    dbOption(audit.command('list').description('audit entries the filters select, oldest first')),
  )
    .option('--json', 'one JSON object on stdout')
    .option('--patient <id>', 'entries about this patient and every record of theirs')
    .option('--actor <who>', 'entries by this account (e-mail) or recorded actor (user:<id>, system:<what>)')
    .option('--action <action>', 'entries of this action: create, view, list, disable, change-role …')
    .option('--entity <entity>', 'entries about this kind of record: patient, implant, user, audit …')
    .option('--from <time>', 'at or after, ISO 8601 (a date is 00:00 UTC)')
    .option('--to <time>', 'before, ISO 8601')
    .option('--limit <n>', `at most this many entries (1–${MAX_AUDIT_PAGE}; default 1000)`)
    .option('--newest-first', 'newest entries first')
    .action((f: Flags) =>
      run(
        f,
        () => list(f),
        (r) => r.entries.map(line).join('\n') || 'no entries',
      ),
    );
}
