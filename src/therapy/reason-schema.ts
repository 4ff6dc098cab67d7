/**
 * The one schema of a guardrail reason (docs/architecture.md principle 4 and 7). The `Reason` type is
 * inferred from it, and every other description of a reason derives from it: the pump's stored image
 * (pump/state-schema.ts), the clinic's records (clinic/clinical-records.ts) and the OpenAPI document
 * (server/api-schemas.ts `reasonApiSchema`). A field added here reaches all of them at once, so a reason the
 * therapy code builds can never make a restarted pump's image undecodable (docs/hazards.md H63).
 */
import { z } from 'zod';

/** A guardrail's verdict, and one reason's severity: `block` never passes, `warn` needs an override. */
export const verdictSchema = z.enum(['ok', 'warn', 'block']);

export const reasonSchema = z.strictObject({
  /** An `ITB_R_*` (or `ITB_E_*`) code from a module's codes.ts. */
  code: z.string().regex(/^ITB_[ER]_[A-Z0-9_]+$/),
  /** A sentence a clinician can act on. */
  message: z.string(),
  /**
   * The limit that was applied: a dose or concentration in the API's unit (mcg, mcg/day, mcg/mL) even when
   * the message writes it in the drug's label unit (mg for morphine); anything else in the unit the message
   * names (hours, %, mL).
   */
  limit: z.number().exactOptional(),
  /** The value that was checked against it. */
  value: z.number().exactOptional(),
  /** How severe this reason is on its own; the overall verdict is the worst of them. */
  severity: verdictSchema,
  /**
   * Where the rule or number comes from (a label section, a paper, "U: our choice"), kept apart from the
   * words: the builder (verdict.ts `reasonFor`) moves every bracketed tag of the message here.
   */
  source: z.string().max(1000).exactOptional(),
  /**
   * The instants the message names, by name (epoch ms). The message writes each as UTC ISO text; every
   * surface shows it in the clinic's zone and format instead (verdict.ts `renderReasonTimes`).
   */
  times: z.record(z.string(), z.number()).exactOptional(),
});

export type Verdict = z.output<typeof verdictSchema>;
export type Reason = Readonly<z.output<typeof reasonSchema>>;
