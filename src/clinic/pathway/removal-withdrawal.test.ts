/**
 * A pump removed without a replacement stops intrathecal delivery (removal-withdrawal.ts): for every drug
 * whose abrupt stop is a hazard in the drug library, the removal raises a critical alert naming the harm and
 * its source; for the others, and when the prescription was already stopped, none.
 */
import { describe, expect, it } from 'vitest';
import { DRUG_IDS, getDrug } from '../../therapy/drug-library.ts';
import { drugEmergency } from '../../therapy/drug-emergency.ts';
import { removalWithdrawalAlert } from './removal-withdrawal.ts';

const AT = Date.UTC(2026, 10, 2, 10);
const base = { patientId: 'p1', implantId: 'i1', removedAt: AT };

describe('removal without replacement: the withdrawal it risks', () => {
  for (const id of DRUG_IDS) {
    const drug = getDrug(id);
    it(`${id}: ${drug.withdrawalRisk ? 'a critical withdrawal-risk alert naming the harm and its source' : 'no alert (no withdrawal syndrome in the library)'}`, () => {
      const alert = removalWithdrawalAlert({
        ...base,
        prescription: { mode: 'simple-continuous', drug: id, concentrationMcgPerMl: 1, doseMcgPerDay: 1 },
      });
      const harm = drug.titration.reduction?.abruptHarm;
      if (!drug.withdrawalRisk || harm === undefined) {
        expect(alert).toBeNull();
        return;
      }
      expect(alert).toMatchObject({
        kind: 'withdrawal-risk',
        severity: 'critical',
        since: AT,
        implantId: 'i1',
        source: harm.source,
      });
      expect(alert?.message).toContain(`intrathecal ${id} has stopped`);
      expect(alert?.message).toContain(harm.value);
      expect(alert?.message).toContain(drugEmergency(id).whileStopped);
    });
  }

  it('baclofen: names the boxed warning’s harm', () => {
    const alert = removalWithdrawalAlert({
      ...base,
      prescription: {
        mode: 'simple-continuous',
        drug: 'baclofen',
        concentrationMcgPerMl: 500,
        doseMcgPerDay: 400,
      },
    });
    expect(alert?.message).toMatch(/fever, altered mental status, rebound spasticity/);
    expect(alert?.message).toContain('Until intrathecal delivery is restored: bridge with oral baclofen');
    expect(alert?.source).toMatch(/boxed warning/);
  });

  it('a prescription already stopped, or none: no alert', () => {
    expect(removalWithdrawalAlert({ ...base, prescription: { mode: 'stopped' } })).toBeNull();
    expect(removalWithdrawalAlert({ ...base, prescription: null })).toBeNull();
  });
});
