/**
 * RxNorm for every concentration in the drug library (therapy/drug-library.ts): a code where one is
 * confirmed, otherwise the reason there is none, so a concentration added to the library without a
 * decision here fails `rxnorm.test.ts` instead of silently leaving the product uncoded.
 *
 * Sources: docs/clinical-reference.md §6 (RxNorm, NLM) [C] for 1300890 (baclofen 1 mg/mL, 20 mL
 * injection) and 1666613 (2 mg/mL, 20 mL). The 50 and 500 mcg/mL products (screening ampoule; 10 mg/20 mL)
 * are on the labels (Lioresal Intrathecal, Gablofen) but their RxNorm concepts are not confirmed from a
 * primary source here [U], nor are those of the other listed drugs; a drug allowed at any concentration up
 * to a maximum is compounded and has no per-strength code [A]. All of these are sent as text only
 * (docs/fhir.md "Codes").
 */
import type { DrugId } from '../therapy/drug.ts';

/** An RxNorm clinical drug. */
export interface RxNormCode {
  readonly code: string;
  readonly display: string;
}

/** The RxNorm decision for one concentration: its code, or why it has none. */
export type RxNormMapping =
  | { readonly kind: 'mapped'; readonly rxnorm: RxNormCode; readonly source: string }
  | { readonly kind: 'unmapped'; readonly reason: string; readonly tag: 'U' | 'C' | 'A' };

/**
 * Per drug: for a library that lists its concentrations, one decision per concentration (mcg/mL); for a
 * library that allows any concentration up to a maximum, one decision for all of them.
 */
export type DrugRxNorm =
  | { readonly kind: 'listed'; readonly byMcgPerMl: Readonly<Record<number, RxNormMapping>> }
  | { readonly kind: 'range'; readonly all: RxNormMapping };

const unconfirmed = (what: string): RxNormMapping => ({
  kind: 'unmapped',
  tag: 'U',
  reason: `${what}: RxNorm concept not confirmed from a primary source`,
});
const NLM = 'docs/clinical-reference.md §6 (RxNorm, NLM) [C]';

export const RXNORM_BY_DRUG: Readonly<Record<DrugId, DrugRxNorm>> = {
  baclofen: {
    kind: 'listed',
    byMcgPerMl: {
      50: unconfirmed('screening ampoule 0.05 mg/mL (1 mL)'),
      500: unconfirmed('0.5 mg/mL (10 mg/20 mL)'),
      1000: {
        kind: 'mapped',
        rxnorm: { code: '1300890', display: 'baclofen 1 MG/ML Injection (20 mL)' },
        source: NLM,
      },
      2000: {
        kind: 'mapped',
        rxnorm: { code: '1666613', display: 'baclofen 2 MG/ML Injection (20 mL)' },
        source: NLM,
      },
    },
  },
  saline: {
    kind: 'listed',
    byMcgPerMl: {
      0: {
        kind: 'unmapped',
        tag: 'C',
        reason: 'no drug: the pump holds saline to stay patent, not a medication',
      },
    },
  },
  morphine: {
    kind: 'listed',
    byMcgPerMl: {
      10_000: unconfirmed('preservative-free morphine 10 mg/mL (Infumorph)'),
      25_000: unconfirmed('preservative-free morphine 25 mg/mL (Infumorph)'),
    },
  },
  ziconotide: {
    kind: 'listed',
    byMcgPerMl: {
      25: unconfirmed('ziconotide 25 mcg/mL (Prialt)'),
      100: unconfirmed('ziconotide 100 mcg/mL (Prialt)'),
    },
  },
  hydromorphone: {
    kind: 'range',
    all: {
      kind: 'unmapped',
      tag: 'A',
      reason: 'any concentration up to the maximum is compounded; RxNorm names marketed strengths, not these',
    },
  },
  clonidine: {
    kind: 'range',
    all: {
      kind: 'unmapped',
      tag: 'A',
      reason: 'any concentration up to the maximum is compounded; RxNorm names marketed strengths, not these',
    },
  },
  bupivacaine: {
    kind: 'range',
    all: {
      kind: 'unmapped',
      tag: 'A',
      reason: 'any concentration up to the maximum is compounded; RxNorm names marketed strengths, not these',
    },
  },
};

/** The decision for a drug at a concentration (mcg/mL); undefined when the table has none (a gap). */
export function rxnormMapping(drugId: DrugId, mcgPerMl: number): RxNormMapping | undefined {
  const d = RXNORM_BY_DRUG[drugId];
  return d.kind === 'range' ? d.all : d.byMcgPerMl[mcgPerMl];
}

/** The RxNorm code of a drug at a concentration (mcg/mL), or undefined when it is stated unmapped. */
export function rxnormOf(drugId: DrugId, mcgPerMl: number): RxNormCode | undefined {
  const m = rxnormMapping(drugId, mcgPerMl);
  return m?.kind === 'mapped' ? m.rxnorm : undefined;
}
