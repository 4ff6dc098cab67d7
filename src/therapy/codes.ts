/**
 * The project's error and reason vocabulary (DESIGN.md principle 6).
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
