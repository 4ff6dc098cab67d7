/**
 * A pump replacement as ONE transaction (docs/pathway.md "Pump replacement"; docs/clinical-reference.md
 * §1.7): the new pump's implant record with its initial fill, the new pump's programme appended to the
 * patient's prescription chain, and the old pump's explant naming the new one — all committed together or
 * none. Recorded as separate writes, a failure between them left a new pump on record with no programme,
 * or two pumps "in place" with no explant (hazard: the board and every projection then read the wrong
 * pump, docs/architecture.md principle 9).
 */
import { z } from 'zod';
import { ItbError } from '../../therapy/codes.ts';
import type { PrescriptionRecord } from '../clinical-records.ts';
import { addImplantIn, parseImplantInput, requireImplant } from '../people-repo.ts';
import { appendPrescriptionIn, parsePrescriptionJson } from '../prescription-chain.ts';
import {
  epochMsSchema,
  implantInputSchema,
  jsonValueSchema,
  type ActorContext,
  type Implant,
} from '../records.ts';
import { checkClinicalDay } from '../clinical-time.ts';
import { assertPrescribedContents } from '../prescribed-contents.ts';
import { raiseCondition } from '../pump-conditions.ts';
import { parseInput, type StoreCore } from '../store-core.ts';
import { explantBodySchema, explantInputSchema, type Explant } from './explant-records.ts';
import { recordExplantIn } from './pathway-repo.ts';

export const pumpReplacementInputSchema = z.strictObject({
  patientId: z.string().min(1),
  /** The pump taken out. */
  oldImplantId: z.string().min(1),
  /** When the old pump was taken out (the operation). */
  at: epochMsSchema,
  /**
   * Whether `at` is the operation's time; false for a day recorded without its time, `at` then the day's
   * first instant (clinical-time.ts `RecordedInstant`): the new pump's "runs no programme since" says the day.
   */
  timeKnown: z.boolean().default(true),
  /** The new pump as implanted, with its initial fill (required: a new pump is filled at surgery). */
  newPump: implantInputSchema.omit({ patientId: true }),
  /** The new pump's first programme, appended to the patient's chain (compare-and-set on its head). */
  programme: z.strictObject({
    prescription: jsonValueSchema,
    expectedHeadId: z.string().min(1).nullable(),
    justification: z.string().trim().max(4000).optional(),
  }),
  /** Why the old pump came out and what became of the catheter. */
  explant: explantBodySchema.omit({ replacementImplantId: true }),
});
export type PumpReplacementInput = z.input<typeof pumpReplacementInputSchema>;

/** What a replacement recorded. */
export interface PumpReplacement {
  readonly implant: Implant;
  readonly prescription: PrescriptionRecord;
  readonly explant: Explant;
}

/**
 * Records a pump replacement in one transaction of `core`. Everything that can be checked without the
 * database is checked first (shapes, catheter, initial fill, the programme's shape); any refusal inside
 * the transaction (the old pump already explanted, a stale prescription head, a blocked programme, a
 * database fault) rolls back all three writes.
 */
export function replacePump(
  core: StoreCore,
  input: PumpReplacementInput,
  ctx: ActorContext,
): Promise<PumpReplacement> {
  const r = parseInput(pumpReplacementInputSchema, input, 'pump replacement');
  const implant = parseImplantInput({ ...r.newPump, patientId: r.patientId });
  if (implant.initialFill === null) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'a replacement pump is filled at surgery: record its initial fill (drug, concentration, volume, lot)',
    );
  }
  const programme = parsePrescriptionJson(r.programme.prescription);
  // The new pump holds its fill: the programme it continues names those contents.
  assertPrescribedContents(programme.body, implant.initialFill, {
    what: 'the new pump’s initial fill',
    rx: 'the programme it continues',
  });
  return core.tx(ctx, async (t) => {
    const old = await requireImplant(t.trx, r.oldImplantId, r.patientId);
    // The new pump goes in when the old comes out: not before the old one went in (a year typed wrong
    // dated its battery years back, so the pump just implanted read "replacement due").
    checkClinicalDay(implant.implantDate, t.now, {
      date: old.implant_date,
      what: `implant date of pump ${old.pump_serial} it replaces`,
    });
    const created = await addImplantIn(core, t, implant, ctx);
    // Filled at surgery, the new pump runs no programme until the one it continues is sent to it: until a
    // read-back shows it running, every surface says it delivers nothing (walk of the demo: the board said
    // OK at the continued dose while the new pump was stopped).
    await raiseCondition(core, t, ctx, {
      patientId: r.patientId,
      implantId: created.id,
      at: r.at,
      timeKnown: r.timeKnown,
      condition: 'not-running',
    });
    const prescription = await appendPrescriptionIn(core, t, r.patientId, programme, {
      actor: ctx.actor,
      expectedHeadId: r.programme.expectedHeadId,
      implantId: created.id,
      ...(r.programme.justification === undefined ? {} : { justification: r.programme.justification }),
    });
    const explant = await recordExplantIn(
      core,
      t,
      parseInput(
        explantInputSchema,
        {
          ...r.explant,
          patientId: r.patientId,
          implantId: r.oldImplantId,
          at: r.at,
          replacementImplantId: created.id,
        },
        'explant',
      ),
      ctx,
    );
    return { implant: created, prescription, explant };
  });
}
