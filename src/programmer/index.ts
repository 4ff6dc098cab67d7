/** The clinician programmer's workflows (docs/workflows.md): what the HTTP API and the web app call. */
export { PROGRAMMER_CODES, type ProgrammerCode } from './codes.ts';
export { diffJson, type DiffEntry } from './diff.ts';
export { interrogate, interrogateAndRecord, snapshotJson, type Snapshot } from './interrogate.ts';
export * from './procedures.ts';
export { applyRefill, type RefillOutcome } from './refill.ts';
export * from './refill-plan.ts';
export * from './screening.ts';
export type * from './session.ts';
export * from './titrate.ts';
export { alertForWrite, writeAndVerify, type ReadBack, type WriteResult } from './write.ts';
