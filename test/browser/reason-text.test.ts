/**
 * Finding 9 (guardrail wording) in the web's reason text (web/src/reason-text.ts): the dose the clinician
 * typed is the dose answered, each reason is said once, a too-soon block says when the next increase is
 * allowed, large numbers carry separators, and no reviewer tag reaches the sentence a clinician reads.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCodes } from '../../src/codes.ts';
import { GUARDRAIL_CODES } from '../../src/therapy/guardrail-codes.ts';
import type { Reason } from '../../web/src/api.ts';
import { setClinicTimeZone } from '../../web/src/format.ts';
import {
  clinicianText,
  distinctReasons,
  numbersText,
  pumpReasonText,
  reasonText,
} from '../../web/src/reason-text.ts';

const slip: Reason = {
  code: 'ITB_R_LIKELY_UNIT_SLIP',
  severity: 'block',
  limit: 2003,
  value: 999999,
  message:
    '999.999 mg/day is about 1000× the baclofen range (12–2003 mcg/day); did you mean 999.999 mcg/day? Nothing was changed: re-enter the dose with its unit.',
};
const farAbove: Reason = {
  code: 'ITB_R_TITRATION_FAR_ABOVE_STEP',
  severity: 'block',
  limit: 60,
  value: 302930,
  message:
    '+302930 % is more than 2× the maximum of the titration step for spinal origin (10–30 %) [Lioresal Intrathecal / Gablofen US labels; CMSC 2015: spinal origin +10–30 %]; refused [our choice: an increase above 2× the labelled maximum step is refused]',
};
const tooSoon: Reason = {
  code: 'ITB_R_TITRATION_TOO_SOON',
  severity: 'block',
  limit: 24,
  value: 2,
  message:
    'an increase 2 h after the last change: at most one per 24 h [Lioresal Intrathecal / Gablofen US labels: increase at most once every 24 hours]',
};

describe('finding 9: guardrail wording', () => {
  it('answers "999999 mcg/day" with the dose typed, not a dose the clinician never typed', () => {
    const t = reasonText(slip).text;
    expect(t).toContain('999,999 mcg/day');
    expect(t).not.toMatch(/999\.999|mg\/day is/);
    expect(t).toContain('2,003 mcg/day');
  });

  it('says each reason once', () => {
    const within = (message: string): Reason => ({
      code: 'ITB_R_DOSE_WITHIN_RANGE',
      severity: 'ok',
      value: 363,
      message,
    });
    const shown = distinctReasons([
      slip,
      slip,
      within('proposed dose 363 mcg/day is within the usual range'),
      within('daily dose 363 mcg/day is within the usual range'),
    ]);
    expect(shown.map((r) => r.code)).toEqual(['ITB_R_LIKELY_UNIT_SLIP', 'ITB_R_DOSE_WITHIN_RANGE']);
  });

  it('a too-soon block says when the next increase is allowed', () => {
    setClinicTimeZone('UTC');
    const lastChangeAt = Date.UTC(2026, 11, 2, 9, 30);
    const t = reasonText(tooSoon, { lastChangeAt }).text;
    expect(t).toMatch(/Next increase allowed from Thu,? 3 Dec 2026 09:30 UTC/);
  });

  it('large numbers carry separators; citations and reviewer tags leave the sentence', () => {
    const t = reasonText(farAbove);
    expect(t.text).toBe(
      '+302,930 % is more than 2× the maximum of the titration step for spinal origin (10–30 %); refused',
    );
    expect(t.sources).toContain('Lioresal Intrathecal / Gablofen US labels');
    expect(t.sources).toContain('clinic rule: an increase above 2× the labelled maximum step is refused');
    const tagged = clinicianText(
      'refill before the alarm [label; docs/clinical-reference.md §3] [U: PACC 2017] [C]',
    );
    expect(tagged.text).toBe('refill before the alarm');
    expect(tagged.sources).toEqual(['label', 'PACC 2017']);
  });

  it('a number read back from its separators is the number written (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 10_000_000_000 }), (n) => {
        const shown = numbersText(`dose ${n} mcg/day`);
        expect(Number(shown.replace(/^dose | mcg\/day$/g, '').replaceAll(',', ''))).toBe(n);
      }),
    );
  });
});

describe('instants in reason text', () => {
  it('month skipped: the refill plan read "refill by 2,027-04-15T06:33:32.415Z" — an ISO instant is a date in the clinic zone', () => {
    setClinicTimeZone('UTC');
    const { text } = clinicianText(
      'refill by 2027-04-15T06:33:32.415Z: 5 days before the low-reservoir alarm',
    );
    expect(text).toBe('refill by Thu 15 Apr 2027 06:33 UTC: 5 days before the low-reservoir alarm');
  });

  it('ISO times inside reason messages: the web reads the instant from the reason’s data in the clinic’s zone', () => {
    setClinicTimeZone('Europe/Prague');
    const at = Date.UTC(2026, 2, 10, 9, 0);
    const text = reasonText({
      code: 'ITB_R_PROG_NEXT_REFILL',
      severity: 'ok',
      message: `refill by ${new Date(at).toISOString()}; book the visit`,
      times: { refillBy: at },
    }).text;
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(text).toContain('10:00');
    // As the API sends it (already in the clinic's zone): the year gets no thousands separator.
    expect(numbersText('refill by Tue 10 Mar 2026 10:00 CET')).toBe('refill by Tue 10 Mar 2026 10:00 CET');
  });
});

describe('I12 sources in reason text', () => {
  it('I12 sources: a reason whose source the server sent apart shows it on the source line, not in the words', () => {
    const t = reasonText({
      code: 'ITB_R_TITRATION_TOO_SOON',
      severity: 'block',
      message: 'last change 3 h ago: at most one increase every 24 h',
      source: 'Lioresal Intrathecal / Gablofen US labels; docs/clinical-reference.md §1.4; U: our choice',
      limit: 24,
    });
    expect(t.text).toBe('last change 3 h ago: at most one increase every 24 h');
    expect(t.sources).toEqual(['Lioresal Intrathecal / Gablofen US labels', 'our choice']);
  });
});

describe('raw reason code on a page: what the pump said about a write', () => {
  it('raw reason code on a page: the pump’s reason for a write is said in words, not as its code', () => {
    const text = pumpReasonText({ code: 'ITB_R_PUMP_VERSION_CONFLICT', severity: 'block' });
    expect(text).not.toMatch(/ITB_/);
    expect(text).toMatch(/ \(block\)$/);
  });
});

describe('pump reconciliation reason unknown: what the pump said about a refill', () => {
  it('pump reconciliation reason unknown: a refill the pump reconciled says its reason in words, not "a reason this app does not know"', () => {
    // Seen on the refill wizard's last step: "pump says: a reason this app does not know
    // (ITB_R_RESIDUAL_WITHIN_TOLERANCE) (ok)" — the pump reconciles the residual with therapy's own rule.
    const text = pumpReasonText({ code: 'ITB_R_RESIDUAL_WITHIN_TOLERANCE', severity: 'ok' });
    expect(text).toBe(`${GUARDRAIL_CODES.ITB_R_RESIDUAL_WITHIN_TOLERANCE.summary} (ok)`);
  });

  it('every reason the pump can give from therapy’s rules (and its own) has words', () => {
    const codes = allCodes().filter(
      (c) => c.kind === 'reason' && ['pump', 'therapy', 'therapy guardrails'].includes(c.module),
    );
    expect(codes.length).toBeGreaterThan(20);
    for (const c of codes)
      expect(pumpReasonText({ code: c.code, severity: 'ok' }), c.code).not.toMatch(/ITB_/);
  });
});
