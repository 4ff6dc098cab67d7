/**
 * Hazards H43 and H44 (docs/hazards.md): the MRI rule of every pump profile. H43 — a valve-gated pump is not
 * ready for a scan until its reservoir is emptied (the aspirated volume reconciled with the volume expected)
 * or a physician accepted the drug left in it; H44 — every pump that stops in the field must be interrogated
 * after the scan, and the scan raises the alert that says so.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../pump/profiles.ts';
import { ItbError } from '../../therapy/codes.ts';
import { mlToNl } from '../../therapy/quantities.ts';
import { mriFollowUpAlert, mriRuleFor, readiness } from './mri-rule.ts';

const refused = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof ItbError) return e.code;
    throw e;
  }
  return 'accepted';
};
const codes = (r: { reasons: readonly { code: string }[] }) => r.reasons.map((x) => x.code);

describe('MRI rule per pump profile (H43, H44)', () => {
  for (const profile of PROFILES) {
    const rule = mriRuleFor(profile).value;
    const emptied = { expectedNl: mlToNl(12), aspiratedNl: mlToNl(12) };
    const drugLeft = { expectedNl: mlToNl(12), aspiratedNl: mlToNl(4) };

    if (profile.kind === 'valve') {
      it(`H43 MRI with a valve pump not emptied: ${profile.id} is not ready until the reservoir is emptied or a physician accepts`, () => {
        expect(rule.before).toBe('empty-reservoir');
        // Nothing recorded, or drug left in the reservoir: refused without an acceptance.
        expect(refused(() => readiness(profile, null, false, null))).toBe('ITB_E_MRI_RESERVOIR_NOT_EMPTIED');
        expect(refused(() => readiness(profile, drugLeft, false, null))).toBe(
          'ITB_E_MRI_RESERVOIR_NOT_EMPTIED',
        );
        // Emptied: the aspirated volume reconciles with the expected volume.
        const ok = readiness(profile, emptied, false, null);
        expect(ok.emptying?.emptied).toBe(true);
        expect(codes(ok)).toEqual(['ITB_R_MRI_RESERVOIR_EMPTIED', 'ITB_R_MRI_INTERROGATE_AFTER']);
        // Drug left but a physician accepted it: ready, and the record says both.
        const accepted = readiness(profile, drugLeft, true, null);
        expect(accepted.emptying?.emptied).toBe(false);
        expect(codes(accepted)).toContain('ITB_R_MRI_RESERVOIR_NOT_EMPTIED');
        expect(codes(accepted)).toContain('ITB_R_MRI_BOLUS_ACCEPTED');
      });
      it(`H43 the refusal of ${profile.id} says why, with the reconciliation's reasons`, () => {
        try {
          readiness(profile, drugLeft, false, null);
          expect.unreachable('a valve pump with drug left was marked ready');
        } catch (e) {
          expect(e).toBeInstanceOf(ItbError);
          const reasons = (e as ItbError).details?.['reasons'] as { code: string }[];
          expect(reasons.map((r) => r.code)).toEqual([
            'ITB_R_MRI_RESERVOIR_NOT_EMPTIED',
            'ITB_R_RESIDUAL_LOWER_THAN_EXPECTED',
          ]);
        }
      });
    } else {
      it(`H43 ${profile.id} (${profile.kind}) is ready with no emptying, and an emptying is refused`, () => {
        expect(rule.before).toBe('nothing');
        expect(readiness(profile, null, false, null).emptying).toBeNull();
        expect(refused(() => readiness(profile, emptied, false, null))).toBe('ITB_E_MRI_STEP_OUT_OF_ORDER');
      });
    }

    it(`H44 pump that does not resume after MRI until interrogated: ${profile.id} ${rule.interrogateAfter ? 'carries the' : 'needs no'} "not interrogated since" alert`, () => {
      // A pump with a motor or a valve stops in the field (its profile's field response).
      expect(rule.interrogateAfter).toBe(profile.fieldResponse.value !== 'unaffected');
      const alert = mriFollowUpAlert(profile, 'Mon 8 Feb 2027');
      if (!rule.interrogateAfter) {
        expect(alert).toBeNull();
        return;
      }
      expect(alert?.kind).toBe('mri-follow-up');
      expect(alert?.message).toMatch(/^MRI on Mon 8 Feb 2027: pump not interrogated since\./);
      expect(alert?.severity).toBe(profile.kind === 'valve' ? 'critical' : 'warning');
      expect(codes(readiness(profile, profile.kind === 'valve' ? emptied : null, false, null))).toContain(
        'ITB_R_MRI_INTERROGATE_AFTER',
      );
    });
  }
});

describe('the MRI rule in words', () => {
  it('the MRI page read "During the scan the pump stops during the scan": no rule says "during the scan" after the readers that put it before', () => {
    for (const profile of PROFILES) {
      expect(mriRuleFor(profile).value.duringScan, profile.id).not.toMatch(/\b(during|in) the scan\b/i);
    }
  });
});
