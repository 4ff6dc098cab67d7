import { describe, expect, it } from 'vitest';
import { drugEmergency } from '../drug-emergency.ts';
import { DRUG_IDS, getDrug } from '../drug-library.ts';
import { CAUSES, STEPS, remediesOf } from './causes.ts';
import { troubleshoot } from './rank.ts';

describe('the troubleshooting guide in clinician words', () => {
  it('the withdrawal remedy shown on the troubleshooting page read "(oral baclofen for baclofen; docs/clinical-reference.md §2, …)": no text the guide shows names a documentation file', () => {
    const shown = [
      ...Object.values(CAUSES).flatMap((c) => [c.title, c.danger, ...c.remedies]),
      ...Object.values(STEPS).flatMap((s) => [
        s.title,
        s.how,
        ...s.results.flatMap((r) => [r.result, r.meaning]),
      ]),
    ];
    const withPaths = shown.filter((t) => /docs\/|\.md\b|§/.test(t));
    expect(withPaths).toEqual([]);
  });
});

describe('each drug its own remedy for a loss of delivery (remediesOf)', () => {
  const lossOfDelivery = Object.values(CAUSES).filter((c) =>
    c.remedies.some((r) => r.startsWith('treat as withdrawal risk')),
  );

  it('the guide has causes whose remedy is a loss of delivery (catheter, pump, reservoir)', () => {
    expect(lossOfDelivery.length).toBeGreaterThan(0);
  });

  for (const drug of DRUG_IDS) {
    it(`a ${drug} patient was told to bridge with "oral baclofen for baclofen": the remedy is ${drug}'s own`, () => {
      for (const cause of lossOfDelivery) {
        const remedies = remediesOf(cause, drug);
        const words = remedies.find((r) => r.includes('restore intrathecal delivery'));
        expect(words).toContain(drugEmergency(drug).whileStopped);
        expect(words?.includes('baclofen')).toBe(drug === 'baclofen');
        expect(words?.includes('withdrawal risk')).toBe(getDrug(drug).withdrawalRisk);
        // The other remedies are the guide's own, unchanged.
        expect(remedies.filter((r) => r !== words)).toEqual(
          cause.remedies.filter((r) => !r.startsWith('treat as')),
        );
      }
    });
  }

  it('a pump whose drug is not on record keeps the words for any drug', () => {
    for (const cause of Object.values(CAUSES)) expect(remediesOf(cause, null)).toEqual(cause.remedies);
  });

  it('the ranked plan carries the drug’s remedies', () => {
    const plan = troubleshoot({ presentations: ['more-spasticity'], reservoirMl: 20, drug: 'morphine' });
    const all = plan.candidates.flatMap((c) => c.remedies);
    expect(all.some((r) => r.includes('treat the pain by another route'))).toBe(true);
    expect(all.some((r) => r.includes('oral baclofen'))).toBe(false);
  });
});
