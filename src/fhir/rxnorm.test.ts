import { describe, expect, it } from 'vitest';
import { DRUG_LIBRARY } from '../therapy/drug-library.ts';
import { NG_PER_MCG } from '../therapy/quantities.ts';
import { medicationConcept } from './map-common.ts';
import { SYSTEMS } from './codes.ts';
import { RXNORM_BY_DRUG, rxnormMapping } from './rxnorm.ts';

/** Every (drug, concentration in mcg/mL) the library lists; a range drug contributes its maximum. */
const libraryConcentrations = () =>
  Object.values(DRUG_LIBRARY).flatMap((drug) => {
    const rule = drug.concentrations;
    const ngPerMl = rule.kind === 'listed' ? rule.allowed.value : [rule.max.value];
    return ngPerMl.map((ng) => ({ drug: drug.id, mcgPerMl: ng / NG_PER_MCG }));
  });

describe('RxNorm for the drug library', () => {
  it('maps every concentration in the drug library to RxNorm or states why not (finding: RxNorm for only two baclofen concentrations)', () => {
    const gaps = libraryConcentrations().filter((c) => rxnormMapping(c.drug, c.mcgPerMl) === undefined);
    expect(gaps).toEqual([]);
    for (const c of libraryConcentrations()) {
      const m = rxnormMapping(c.drug, c.mcgPerMl)!;
      if (m.kind === 'unmapped') expect(m.reason.length, `${c.drug} ${c.mcgPerMl}`).toBeGreaterThan(10);
      else expect(m.source).toMatch(/clinical-reference\.md §6/);
    }
  });

  it('lists no concentration the library does not allow (a stale entry)', () => {
    const listed = new Set(libraryConcentrations().map((c) => `${c.drug} ${c.mcgPerMl}`));
    const table = Object.entries(RXNORM_BY_DRUG).flatMap(([drug, d]) =>
      d.kind === 'listed' ? Object.keys(d.byMcgPerMl).map((k) => `${drug} ${Number(k)}`) : [],
    );
    expect(table.filter((k) => !listed.has(k))).toEqual([]);
  });

  it('codes a mapped concentration in the Medication concept and leaves an unmapped one as text', () => {
    const mapped = medicationConcept('baclofen', 2000 * NG_PER_MCG);
    expect(mapped.coding?.find((c) => c.system === SYSTEMS.rxnorm)?.code).toBe('1666613');
    const unmapped = medicationConcept('baclofen', 500 * NG_PER_MCG);
    expect(unmapped.coding?.some((c) => c.system === SYSTEMS.rxnorm)).toBe(false);
    expect(unmapped.text).toMatch(/500 mcg\/mL/);
  });
});
