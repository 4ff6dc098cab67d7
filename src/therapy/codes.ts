/**
 * The project's error and reason vocabulary (docs/architecture.md principle 6).
 *
 * Every module declares its codes with {@link defineCodes} in a `codes.ts` of its own; all of them are
 * documented in docs/codes.md, and a test keeps the two in step. Codes are stable: once published, a code
 * keeps its meaning.
 */

/** How a code is used: an error refuses an operation; a reason explains a guardrail verdict. */
export type CodeKind = 'error' | 'reason';

export interface CodeInfo {
  readonly kind: CodeKind;
  /** One sentence for the documentation. */
  readonly summary: string;
}

/** Declares a module's codes; keys must be `ITB_E_*` for errors and `ITB_R_*` for reasons. */
export function defineCodes<const T extends Record<string, CodeInfo>>(codes: T): T {
  for (const [code, info] of Object.entries(codes)) {
    const prefix = info.kind === 'error' ? 'ITB_E_' : 'ITB_R_';
    if (!code.startsWith(prefix) || !/^ITB_[ER]_[A-Z0-9_]+$/.test(code)) {
      throw new Error(`code ${code} must be ${prefix}UPPER_SNAKE`);
    }
  }
  return codes;
}

/** Codes of the therapy core: input parsing, drug library, prescriptions, dose math and guardrails. */
export const THERAPY_CODES = defineCodes({
  ITB_E_INVALID_INPUT: { kind: 'error', summary: 'A value is missing, malformed or out of its domain.' },
  ITB_E_UNKNOWN_UNIT: {
    kind: 'error',
    summary: 'A quantity was typed with a unit the parser does not know.',
  },
  ITB_E_WRONG_UNIT: {
    kind: 'error',
    summary: 'A quantity has a unit of the wrong dimension (e.g. a volume where a dose was asked).',
  },
  ITB_E_NON_POSITIVE: {
    kind: 'error',
    summary: 'A dose, volume or concentration that must be positive is not.',
  },
  ITB_E_UNIT_SLIP: {
    kind: 'error',
    summary: 'A value is about 1000× outside the drug’s range: a likely mg/mcg slip; nothing is guessed.',
  },
  ITB_E_UNKNOWN_DRUG: { kind: 'error', summary: 'The drug is not in the drug library.' },
  ITB_E_CONCENTRATION_NOT_IN_LIBRARY: {
    kind: 'error',
    summary: 'The concentration is not one the drug library allows for this drug.',
  },
  ITB_E_INVALID_PRESCRIPTION: {
    kind: 'error',
    summary: 'A prescription failed validation; the reasons say why.',
  },
  ITB_E_OUT_OF_RANGE: { kind: 'error', summary: 'A number lies outside the range the operation accepts.' },
  ITB_E_INTERNAL: { kind: 'error', summary: 'An unexpected internal failure; nothing was changed.' },

  // Dose and concentration checks (dose-check.ts). The dose-range reasons themselves
  // (ITB_R_DOSE_ABOVE_HARD_LIMIT …) are declared once, in guardrail-codes.ts.
  ITB_R_LIKELY_UNIT_SLIP: {
    kind: 'reason',
    summary: 'A dose or concentration is about 1000× outside the drug’s range: a likely mg/mcg slip.',
  },
  ITB_R_DOSE_WITHIN_RANGE: {
    kind: 'reason',
    summary: 'A daily dose lies inside the drug library’s absolute and usual ranges.',
  },
  ITB_R_NO_USUAL_RANGE: {
    kind: 'reason',
    summary: 'The drug library has no usual dose range for this population; the dose needs review.',
  },
  ITB_R_CONCENTRATION_NOT_ALLOWED: {
    kind: 'reason',
    summary: 'The prescription’s concentration is not one the drug library allows for the drug.',
  },

  // Prescription rules (prescription-rules.ts)
  ITB_R_NOT_AN_INTEGER: {
    kind: 'reason',
    summary: 'A prescription field is not a whole number of its base unit (ng, ng/day, ms, minute).',
  },
  ITB_R_NOT_POSITIVE: {
    kind: 'reason',
    summary: 'A dose, bolus amount or bolus duration is zero or negative.',
  },
  ITB_R_FLEX_STEP_COUNT: {
    kind: 'reason',
    summary: 'A flex day runs fewer than 1 or more than 13 device steps (periodic boluses split steps).',
  },
  ITB_R_FLEX_FIRST_STEP_NOT_MIDNIGHT: {
    kind: 'reason',
    summary: 'A flex day’s first step does not start at minute 0 (local midnight).',
  },
  ITB_R_FLEX_STEPS_NOT_INCREASING: {
    kind: 'reason',
    summary: 'Flex step start minutes are not strictly increasing.',
  },
  ITB_R_MINUTE_OUT_OF_DAY: {
    kind: 'reason',
    summary: 'A start minute lies outside 0–1439.',
  },
  ITB_R_BOLUS_PAST_MIDNIGHT: {
    kind: 'reason',
    summary: 'A periodic bolus does not end by local midnight of its day.',
  },
  ITB_R_BOLUS_OVERLAP: { kind: 'reason', summary: 'Two periodic boluses overlap in time.' },
  ITB_R_BOLUS_ABOVE_MAX: {
    kind: 'reason',
    summary: 'A bolus is larger than the drug library’s single-bolus maximum.',
  },
  ITB_R_STEP_RATE_ABOVE_HARD_LIMIT: {
    kind: 'reason',
    summary: 'A flex step runs faster than the absolute daily maximum for part of the day.',
  },
  ITB_R_SALINE_HAS_NO_DOSE: {
    kind: 'reason',
    summary: 'Saline holds no drug: only the stopped or minimum-rate mode can be programmed with it.',
  },
  ITB_R_MINIMUM_RATE_WITHDRAWAL: {
    kind: 'reason',
    summary: 'Minimum-rate mode with a withdrawal-risk drug effectively stops therapy.',
  },

  // Reservoir projection (projection.ts)
  ITB_R_REFILL_BY_ALARM: {
    kind: 'reason',
    summary: 'The refill date is the refill margin before the projected low-reservoir alarm.',
  },
  ITB_R_REFILL_BY_STABILITY: {
    kind: 'reason',
    summary: 'The refill date is set by the drug’s stability limit, not by the low-reservoir alarm.',
  },
  ITB_R_REFILL_BY_FIRST_FILL: {
    kind: 'reason',
    summary:
      'The refill date is set by the drug’s first-fill limit in a new pump (e.g. ziconotide adsorption).',
  },
  ITB_R_EMPTY_AT_ZERO_ASSUMED: {
    kind: 'reason',
    summary: 'No device was named: the empty date is taken at 0 mL, later than a pump’s own empty alarm.',
  },
  ITB_R_REFILL_INTERVAL_SHORT: {
    kind: 'reason',
    summary: 'The projected refill interval is shorter than 30 days.',
  },
  ITB_R_REFILL_OVERDUE: { kind: 'reason', summary: 'The refill date is already at or before the start.' },
  ITB_R_LOW_ALARM_REACHED: {
    kind: 'reason',
    summary: 'The reservoir is already at or below the low-reservoir alarm threshold.',
  },
  ITB_R_RESERVOIR_EMPTY: {
    kind: 'reason',
    summary: 'The reservoir is already empty: delivery has stopped (withdrawal risk).',
  },
  ITB_R_NEVER_EMPTIES: {
    kind: 'reason',
    summary: 'The programme delivers nothing, so the reservoir never reaches the alarm.',
  },
  ITB_R_REFILL_BY_UNKNOWN: {
    kind: 'reason',
    summary: 'No refill date: the programme never empties the reservoir and no drug stability is known.',
  },
} as const);

export type TherapyCode = keyof typeof THERAPY_CODES;

/** An error that carries a project code and, when useful, the reasons behind it. */
export class ItbError extends Error {
  override readonly name = 'ItbError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}
