/**
 * An MRI scan as recorded (docs/workflows.md "MRI preparation and follow-up"): planned for an implant, a
 * physician's acceptance of drug left in a valve pump's reservoir, marked ready (with the reservoir's
 * emptying and its reconciliation), and done. Stored as append-only entries (plan, acceptance, ready,
 * done); the scan is their fold. The rule each step passes is mri-rule.ts (pure).
 */
import { z } from 'zod';
import { getProfile } from '../../pump/profiles.ts';
import { ItbError } from '../../therapy/codes.ts';
import { reasonSchema } from '../../therapy/reason-schema.ts';
import { epochMsSchema } from '../records.ts';
import { mriRuleFor, type MriRule } from './mri-rule.ts';

const volumeNl = z.int().min(0).max(100_000_000);
const mriId = z.string().min(1);

export const planBodySchema = z.strictObject({
  kind: z.literal('plan'),
  /** The device profile of the implant when the scan was planned (its MRI rule). */
  deviceProfileId: z.string().min(1),
  plannedFor: epochMsSchema,
  note: z.string().trim().max(2000).default(''),
});
export const acceptanceBodySchema = z.strictObject({
  kind: z.literal('acceptance'),
  mriId,
  justification: z.string().trim().min(10).max(2000),
});
const emptyingStoredSchema = z.strictObject({
  expectedNl: volumeNl,
  aspiratedNl: volumeNl,
  emptied: z.boolean(),
  reasons: z.array(reasonSchema),
});
export const readyBodySchema = z.strictObject({
  kind: z.literal('ready'),
  mriId,
  emptying: emptyingStoredSchema.nullable(),
  reasons: z.array(reasonSchema),
});
export const doneBodySchema = z.strictObject({ kind: z.literal('done'), mriId });
export const entryBodySchema = z.discriminatedUnion('kind', [
  planBodySchema,
  acceptanceBodySchema,
  readyBodySchema,
  doneBodySchema,
]);
export type MriEntryBody = z.output<typeof entryBodySchema>;

const head = { patientId: z.string().min(1), at: epochMsSchema };
/** Planning a scan for an implant: when it is planned for, and a note (the imaging site, the sequence). */
export const planInputSchema = z.strictObject({
  ...head,
  implantId: z.string().min(1),
  plannedFor: epochMsSchema,
  note: z.string().trim().max(2000).default(''),
});
/** A physician's acceptance of scanning a valve pump with drug in its reservoir, and why. */
export const acceptanceInputSchema = z.strictObject({
  ...head,
  mriId,
  justification: z.string().trim().min(10).max(2000),
});
/** Marking the scan ready: for a valve pump, the volume aspirated and the volume expected in the reservoir. */
export const readyInputSchema = z.strictObject({
  ...head,
  mriId,
  emptying: z.strictObject({ expectedNl: volumeNl, aspiratedNl: volumeNl }).nullable().default(null),
});
/** The scan done, `at` when it was done. */
export const doneInputSchema = z.strictObject({ ...head, mriId });
export type PlanMriInput = z.input<typeof planInputSchema>;
export type MriAcceptanceInput = z.input<typeof acceptanceInputSchema>;
export type MriReadyInput = z.input<typeof readyInputSchema>;
export type MriDoneInput = z.input<typeof doneInputSchema>;

/** One stored entry with its head columns. */
export interface MriEntry {
  readonly id: string;
  readonly patientId: string;
  readonly implantId: string | null;
  readonly at: number;
  readonly createdBy: string;
  readonly body: MriEntryBody;
}

interface Step {
  readonly at: number;
  readonly by: string;
}

export interface MriScan {
  readonly id: string;
  readonly patientId: string;
  readonly implantId: string;
  readonly deviceProfileId: string;
  readonly plannedAt: number;
  readonly plannedBy: string;
  readonly plannedFor: number;
  readonly note: string;
  /** What the pump's MRI rule asks (mri-rule.ts). */
  readonly rule: MriRule & { readonly source: string };
  readonly acceptance: (Step & { readonly justification: string }) | null;
  readonly ready: (Step & Pick<z.output<typeof readyBodySchema>, 'emptying' | 'reasons'>) | null;
  readonly done: Step | null;
  readonly state: 'planned' | 'ready' | 'done';
}

const stateOf = (s: Pick<MriScan, 'ready' | 'done'>): MriScan['state'] =>
  s.done !== null ? 'done' : s.ready !== null ? 'ready' : 'planned';

/** Folds a patient's entries into scans, newest plan first; a later acceptance or readiness replaces one. */
export function foldScans(entries: readonly MriEntry[]): MriScan[] {
  const byId = new Map<string, MriScan>();
  const ordered = [...entries].sort(
    (a, b) => (a.body.kind === 'plan' ? 0 : 1) - (b.body.kind === 'plan' ? 0 : 1),
  );
  for (const e of ordered) {
    const b = e.body;
    const step = { at: e.at, by: e.createdBy };
    if (b.kind === 'plan') {
      if (e.implantId === null) {
        throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `MRI plan ${e.id} lost its implant`);
      }
      const rule = mriRuleFor(getProfile(b.deviceProfileId));
      byId.set(e.id, {
        id: e.id,
        patientId: e.patientId,
        implantId: e.implantId,
        deviceProfileId: b.deviceProfileId,
        plannedAt: e.at,
        plannedBy: e.createdBy,
        plannedFor: b.plannedFor,
        note: b.note,
        rule: { ...rule.value, source: rule.source },
        acceptance: null,
        ready: null,
        done: null,
        state: 'planned',
      });
      continue;
    }
    const scan = byId.get(b.mriId);
    if (scan === undefined) {
      throw new ItbError('ITB_E_CLINIC_CORRUPT_RECORD', `MRI entry ${e.id} names no planned scan`);
    }
    const next: MriScan =
      b.kind === 'acceptance'
        ? { ...scan, acceptance: { ...step, justification: b.justification } }
        : b.kind === 'ready'
          ? { ...scan, ready: { ...step, emptying: b.emptying, reasons: b.reasons } }
          : { ...scan, done: step };
    byId.set(scan.id, { ...next, state: stateOf(next) });
  }
  return [...byId.values()].sort((a, b) => b.plannedAt - a.plannedAt || (a.id < b.id ? 1 : -1));
}

/** Refuses a step on a scan already recorded done (ITB_E_MRI_STEP_OUT_OF_ORDER). */
export function requireNotDone(scan: MriScan, what: string): void {
  if (scan.done !== null) {
    throw new ItbError(
      'ITB_E_MRI_STEP_OUT_OF_ORDER',
      `this MRI was recorded done; ${what} cannot be recorded after the scan — plan a new one`,
    );
  }
}
