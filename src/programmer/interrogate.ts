/**
 * Interrogation → snapshot: the first step of every workflow (docs/clinical-reference.md §3, "interrogate"). The snapshot
 * holds what the pump says — status, the prescription it runs and the state version both were read at — and
 * every later write is made with compare-and-set on that version, so a change made in between (another
 * programmer, an alarm) refuses the write instead of being silently overwritten.
 */
import type { Command } from '../link/commands.ts';
import type { ResponseBody } from '../link/responses.ts';
import type { PumpStatus } from '../link/status-codec.ts';
import { ItbError } from '../therapy/codes.ts';
import { prescriptionToJson } from '../therapy/prescription-json.ts';
import type { PatientBolusConfig } from '../therapy/patient-bolus-rules.ts';
import type { Prescription } from '../therapy/prescription.ts';
import type { ProgrammingSession } from '../clinic/clinical-records.ts';
import { toJson } from './diff.ts';
import type { LinkClient, WorkflowDeps, WorkflowTarget } from './session.ts';

/** What the pump said at one interrogation. */
export interface Snapshot {
  /** The state version the status and prescription were read at (both reads must agree). */
  readonly stateVersion: number;
  readonly status: PumpStatus;
  readonly prescription: Prescription;
  /** The patient-controlled bolus setting the pump holds (null: off). */
  readonly patientBolus: PatientBolusConfig | null;
}

type Body<K extends string> = Extract<ResponseBody, { kind: K }>;

/** Sends one read and returns its body of the expected kind, or throws ITB_E_PROG_INTERROGATION. */
async function readBody<K extends 'status' | 'prescription'>(
  client: LinkClient,
  op: Extract<Command['op'], 'interrogate-status' | 'interrogate-prescription'>,
  kind: K,
): Promise<Body<K>> {
  const r = await client.read({ op, commandId: client.newCommandId() });
  if (r.outcome === 'refused') {
    throw new ItbError('ITB_E_PROG_INTERROGATION', `the pump refused ${op}: ${r.error}`, {
      reasons: r.reasons,
    });
  }
  if (r.body.kind !== kind) {
    throw new ItbError('ITB_E_PROG_INTERROGATION', `${op} answered with a ${r.body.kind} body`);
  }
  return r.body as Body<K>;
}

/**
 * Reads status and prescription. If the pump's state version moved between the two reads (a bolus ended,
 * an alarm), they are read again, up to `attempts` times, so a snapshot is never a mix of two states.
 */
export async function interrogate(client: LinkClient, attempts = 3): Promise<Snapshot> {
  for (let i = 0; i < attempts; i++) {
    const p = await readBody(client, 'interrogate-prescription', 'prescription');
    const s = await readBody(client, 'interrogate-status', 'status');
    if (s.status.stateVersion === p.stateVersion) {
      return {
        stateVersion: p.stateVersion,
        status: s.status,
        prescription: p.prescription,
        patientBolus: p.patientBolus,
      };
    }
  }
  throw new ItbError('ITB_E_PROG_INTERROGATION', `the pump's state kept changing over ${attempts} reads`);
}

/** The JSON form of a snapshot, as recorded with a programming session (quantities in nanounits, as sent). */
export function snapshotJson(s: Snapshot): Record<string, unknown> {
  return {
    stateVersion: s.stateVersion,
    status: { ...s.status, alarms: [...s.status.alarms] },
    prescription: prescriptionToJson(s.prescription),
    patientBolus: s.patientBolus,
  };
}

/**
 * Interrogates and records the snapshot as a programming session with no change (the record of what the
 * pump said, e.g. at a visit or after an alert to re-interrogate).
 */
export async function interrogateAndRecord(
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<{ snapshot: Snapshot; session: ProgrammingSession }> {
  const snapshot = await interrogate(deps.client);
  const session = await deps.store.recordProgrammingSession(
    {
      patientId: target.patientId,
      implantId: target.implantId,
      at: deps.now(),
      interrogation: { snapshot: toJson(snapshotJson(snapshot)) },
      diff: [],
    },
    { actor: target.actor },
  );
  return { snapshot, session };
}
