// Each device by its own labelling (docs/clinical-reference.md §3): the pump refuses at refill and at
// programming what its profile's labelling excludes, with the reasons of the one shared function.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_IDS, getDrug } from '../therapy/drug-library.ts';
import { mcgPerMl, mlToNl, type NanogramsPerMl } from '../therapy/quantities.ts';
import { deviceReasons } from './device-labelling.ts';
import { PROFILES, getProfile } from './profiles.ts';
import { BACLOFEN_2000, T0, at, continuous, filledPump, newId } from './test-fixtures.ts';

const blocks = (rs: readonly { severity: string; code: string }[]) =>
  rs.filter((r) => r.severity === 'block').map((r) => r.code);

/** A few strengths the drug library allows for each drug (listed ones, or up to the maximum). */
function libraryStrengths(id: DrugId): NanogramsPerMl[] {
  const rule = getDrug(id).concentrations;
  if (rule.kind === 'listed') return [...rule.allowed.value];
  return [rule.max.value, Math.round(rule.max.value / 10) as NanogramsPerMl];
}

/**
 * Refills a drained pump of `profileId` with `drug` at `concentration`: no programme yet (stopped), or for
 * a constant-flow pump (no stopped mode) the fixed flow's dose.
 */
function refill(profileId: string, drug: DrugId, concentration: number) {
  const fixed = getProfile(profileId).fixedFlow !== undefined;
  const s = filledPump({ profileId, prescription: fixed ? continuous(1000) : { mode: 'stopped' } });
  return at(
    s,
    {
      kind: 'refill',
      commandId: newId(),
      drug,
      concentration: concentration as NanogramsPerMl,
      volumeAdded: mlToNl(10),
      newVolume: mlToNl(10),
      drainedVolume: s.reservoir.volume,
      ...(fixed ? {} : { prescription: { mode: 'stopped' as const } }),
    },
    T0,
  );
}

describe('the valve-gated profile by its labelling [C: Prometra indications, PL-19589-04 2024]', () => {
  it('valve-gated profile refuses 50 mcg/mL baclofen (labelled 500–2000 mcg/mL) and ziconotide', () => {
    const screening = refill('valve-20', 'baclofen', mcgPerMl(50));
    expect(screening.outputs.result?.code).toBe('ITB_E_PUMP_HARD_LIMIT');
    expect(blocks(screening.outputs.result?.reasons ?? [])).toContain(
      'ITB_R_PUMP_CONCENTRATION_NOT_LABELLED',
    );
    const zico = refill('valve-40', 'ziconotide', mcgPerMl(25));
    expect(blocks(zico.outputs.result?.reasons ?? [])).toContain('ITB_R_PUMP_DRUG_NOT_LABELLED');
    expect(refill('valve-20', 'baclofen', mcgPerMl(500)).outputs.result?.ok).toBe(true);
    expect(refill('valve-20', 'morphine', mcgPerMl(25_000)).outputs.result?.ok).toBe(true);
  });

  it('valve-gated profile refuses a patient under 12 with baclofen and under 22 with morphine', () => {
    const valve = getProfile('valve-20');
    const use = (drug: DrugId, ageYears: number, c = BACLOFEN_2000.concentration) =>
      blocks(deviceReasons(valve, { drug, concentration: c, ageYears }));
    expect(use('baclofen', 11)).toContain('ITB_R_PUMP_AGE_BELOW_LABEL');
    expect(use('baclofen', 12)).toEqual([]);
    expect(use('morphine', 21, mcgPerMl(10_000))).toContain('ITB_R_PUMP_AGE_BELOW_LABEL');
    expect(use('morphine', 22, mcgPerMl(10_000))).toEqual([]);
  });

  it('the peristaltic profile takes the PACC drugs off-label (a warning), never refused', () => {
    const r = deviceReasons(getProfile('peristaltic-20'), {
      drug: 'clonidine',
      concentration: mcgPerMl(500),
    });
    expect(r.map((x) => [x.code, x.severity])).toEqual([['ITB_R_PUMP_DRUG_OFF_LABEL', 'warn']]);
  });
});

describe('every profile refuses what its labelling excludes, and nothing else (property)', () => {
  const cases = PROFILES.flatMap((p) =>
    DRUG_IDS.flatMap((drug) => libraryStrengths(drug).map((c) => ({ profile: p, drug, c }))),
  );

  it('deviceReasons blocks exactly a drug not listed, a strength outside the labelled range, an age below it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
        ({ profile, drug, c }, ageYears) => {
          const label = profile.labelling[drug]?.value;
          const excluded =
            label === undefined ||
            (label.concentration !== undefined &&
              (c < label.concentration.min || c > label.concentration.max)) ||
            (label.minAgeYears !== undefined && ageYears !== undefined && ageYears < label.minAgeYears);
          const r = deviceReasons(profile, {
            drug,
            concentration: c,
            ...(ageYears === undefined ? {} : { ageYears }),
          });
          expect(blocks(r).length > 0).toBe(excluded);
        },
      ),
    );
  });

  it('the pump refuses a refill exactly when the device labelling excludes the drug or strength', () => {
    const deviceCodes = ['ITB_R_PUMP_DRUG_NOT_LABELLED', 'ITB_R_PUMP_CONCENTRATION_NOT_LABELLED'];
    for (const { profile, drug, c } of cases) {
      const expected = blocks(deviceReasons(profile, { drug, concentration: c }));
      const r = refill(profile.id, drug, c).outputs.result;
      const got = blocks(r?.reasons ?? []).filter((code) => deviceCodes.includes(code));
      expect(got, `${profile.id} ${drug} ${c}`).toEqual(expected);
      // Programmable pumps refuse nothing else here; a constant-flow pump also judges its fixed dose.
      if (profile.fixedFlow === undefined) expect(r?.ok).toBe(expected.length === 0);
    }
  });
});
