/**
 * The audit trail (→ AuditEvent, DICOM 110110 "Patient Record"), as the reader may see it.
 *
 * Clinic staff see each entry as the store wrote it: the actor's id (`urn:itb:actor`) with its name and
 * role beside it, and the hash chain's seq/hash/prevHash as entity details so a receiver can re-verify it
 * (docs/clinic-store.md). The patient whose record it is sees who at the clinic acted on it (a staff
 * account's name and role), its own actions and the system's, and of any other account — another patient,
 * a deleted account, any request that was refused — only "another account": no account id, and no hash
 * values (with the actor left out they would only serve to confirm a guessed id). docs/fhir.md.
 */
import { actorLabel, userIdOf, type ActorName } from '../clinic/actor-names.ts';
import type { AuditEntry } from '../clinic/store.ts';
import { SYSTEMS } from './codes.ts';
import { instant } from './map-common.ts';
import type { AuditEventResource } from './schemas.ts';

/** Who reads the audit entries. */
export interface AuditView {
  /** The actors' names and roles (clinic/actor-names.ts), by actor. */
  readonly names: ReadonlyMap<string, ActorName>;
  /** The reading patient's own actor when the reader is the patient whose record it is; else staff. */
  readonly subject?: string;
}

/** What the patient sees in place of an account that is neither its own nor the clinic's acting on it. */
export const OTHER_ACCOUNT = 'another account';

const ACTION: Record<string, AuditEventResource['action']> = {
  create: 'C',
  view: 'R',
  list: 'R',
  'view-keys': 'R',
  resolve: 'U',
  backup: 'E',
};

type Agent = AuditEventResource['agent'][number];

function agentOf(e: AuditEntry, view: AuditView | undefined): Agent {
  const name = view?.names.get(e.actor);
  const label = name === undefined ? e.actor : actorLabel(name);
  if (view?.subject === undefined) {
    return {
      who: { identifier: { system: 'urn:itb:actor', value: e.actor }, display: label },
      requestor: true,
    };
  }
  const own = e.actor === view.subject;
  const system = userIdOf(e.actor) === undefined;
  const clinic =
    e.action !== 'refuse' && name?.role !== null && name?.role !== undefined && name.role !== 'patient';
  return { who: { display: own || system || clinic ? label : OTHER_ACCOUNT }, requestor: true };
}

/** One audit entry as `view` may see it (staff when there is no view). */
export function auditToFhir(e: AuditEntry, view?: AuditView): AuditEventResource {
  const action = ACTION[e.action] ?? 'E';
  const chain =
    view?.subject === undefined
      ? [
          { type: 'hash', valueString: e.hash },
          { type: 'prevHash', valueString: e.prevHash },
        ]
      : [];
  return {
    resourceType: 'AuditEvent',
    id: `audit-${e.seq}`,
    type: { system: SYSTEMS.dicomDcm, code: '110110', display: 'Patient Record' },
    subtype: [{ system: 'urn:itb:CodeSystem:audit-action', code: e.action }],
    action,
    recorded: instant(e.at),
    // A refused request (the API's authorization said no) is a failure; every other entry succeeded.
    outcome: e.action === 'refuse' ? '4' : '0',
    agent: [agentOf(e, view)],
    source: { site: 'itb clinic store', observer: { display: 'itb clinic store' } },
    entity: [
      {
        what: { identifier: { system: `urn:itb:record:${e.entity}`, value: e.entityId } },
        detail: [{ type: 'seq', valueString: String(e.seq) }, ...chain],
      },
    ],
  };
}
