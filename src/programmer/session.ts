/**
 * What every workflow runs on: the link client (src/link/programmer-client.ts), the clinic store's record
 * operations, a clock and who is acting — passed in, so a test runs a real pump behind a real link in memory
 * and a real store in a temporary directory. The store is named by the operations used (type only): the
 * programmer records, the clinic stores (docs/workflows.md).
 */
import type { ClinicStore } from '../clinic/store.ts';
import type { ProgrammerClient } from '../link/programmer-client.ts';

/** The link client's operations the workflows use. */
export type LinkClient = Pick<ProgrammerClient, 'execute' | 'read' | 'newCommandId'>;

/** The store operations the workflows record with. */
export type WorkflowStore = Pick<
  ClinicStore,
  | 'appendPrescription'
  | 'currentPrescription'
  | 'recordProgrammingSession'
  | 'recordRefill'
  | 'listRefills'
  | 'recordTrial'
  | 'bookAppointment'
  | 'raiseAlert'
>;

/** Everything a workflow that talks to a pump needs. */
export interface WorkflowDeps {
  readonly client: LinkClient;
  readonly store: WorkflowStore;
  /** Epoch ms; the time stamped on records (the pump keeps its own clock). */
  readonly now: () => number;
}

/** Which patient and implant a workflow acts on, and who is acting. */
export interface WorkflowTarget {
  readonly patientId: string;
  readonly implantId: string;
  readonly actor: string;
}

/**
 * The clinician's explicit confirmation of a side-by-side review ("Finish" screen: docs/clinical-reference.md §3). `confirm`
 * must be the literal `true`; a justification is required when a guardrail warned.
 */
export interface Confirmation {
  readonly confirm: true;
  readonly justification?: string;
}

/** What happened to a write, in the terms recorded and returned by every workflow. */
export type WriteStatus =
  /** The pump applied it and a read-back matched field by field. */
  | 'verified'
  /** The pump applied it but the read-back could not be made: re-interrogate (an alert is raised). */
  | 'applied-unverified'
  /** The pump applied it but reads back something else (an alert is raised). */
  | 'readback-mismatch'
  /** The pump refused it (reasons given); nothing changed. */
  | 'refused'
  /** The pump confirmed it never applied it; nothing changed. */
  | 'not-applied'
  /** It may or may not have been applied: re-interrogate before anything else (an alert is raised). */
  | 'unknown';

/**
 * The pump now holds what was sent: it applied the write and did not read back something else. What
 * follows a write (the record, the next command) goes ahead only then.
 */
export const tookEffect = (status: WriteStatus): boolean =>
  status === 'verified' || status === 'applied-unverified';
