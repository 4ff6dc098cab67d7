/**
 * What the programming page's editor proposes: one continuous dose typed with its unit, or a flex schedule,
 * and the change typed and not yet sent, kept over a reload (unfinished-work.ts).
 */
import type { PrescriptionJson } from '../../../src/therapy/prescription-json.ts';
import type { TitrationPhase } from '../../../src/therapy/titration.ts';
import { inputToMcg } from '../../../src/therapy/dose-input.ts';
import type { FieldError, FlexDraft } from '../flex-draft.ts';
import { parsed } from '../parsed.ts';
import { restoreUnfinished } from '../unfinished-work.ts';

export type Mode = 'continuous' | 'flex';

/** What the editor proposes: a whole prescription, or the fields that do not parse. */
export type Proposal =
  | { readonly ok: true; readonly prescription: PrescriptionJson }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** A continuous dose typed in the dose field, with the drug and concentration the pump holds now. */
export function continuousProposal(head: PrescriptionJson, dose: string): Proposal | null {
  if (dose.trim() === '' || head.mode === 'stopped') return null;
  // A bare number is in the drug's label unit (mg/day for morphine), converted exactly to mcg/day.
  const q = parsed(() => inputToMcg(dose, 'dose-rate', head.drug));
  if (!q.ok) return { ok: false, errors: [{ field: 'dose', message: q.message }] };
  return {
    ok: true,
    prescription: {
      mode: 'simple-continuous',
      drug: head.drug,
      concentrationMcgPerMl: head.concentrationMcgPerMl,
      doseMcgPerDay: q.value,
    },
  };
}

/** The change typed and not yet sent: kept over a reload (unfinished-work.ts), as the refill wizard is. */
export interface TypedChange {
  readonly mode: Mode;
  readonly dose: string;
  readonly draft: FlexDraft | null;
  readonly phase: TitrationPhase;
  readonly justification: string;
  readonly cnsReviewed: boolean;
}

export const keptChange = (patientId: string): TypedChange | null => {
  const kept = restoreUnfinished('programming', patientId);
  return kept !== null && typeof kept === 'object' && 'dose' in kept ? (kept as TypedChange) : null;
};
