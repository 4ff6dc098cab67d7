/**
 * The refill plan's one verdict (web/src/refill/plan-verdict.ts): a pump at ERI whose residual reconciles
 * was shown as a plain "Ready to refill", the ERI warning left to the last step (issue 11, finding 3).
 */
import { describe, expect, it } from 'vitest';
import { planVerdict, type PlanForVerdict } from '../../web/src/refill/plan-verdict.ts';

const eri = {
  code: 'ITB_R_PROG_PUMP_AT_ERI',
  severity: 'warn',
  message: 'the pump reports its elective replacement indicator (ERI): it stops within about 90 days',
} as const;
const reconciled = {
  verdict: 'ok',
  reasons: [{ code: 'ITB_R_RECONCILE_OK', severity: 'ok', message: 'ok' }],
};
const plan = (interrogateReasons: readonly unknown[]) =>
  ({
    stopped: false,
    steps: [{ step: 'interrogate', state: 'done', reasons: interrogateReasons }],
    reconciliation: reconciled,
    guardrail: { verdict: interrogateReasons.length > 0 ? 'warn' : 'ok', reasons: interrogateReasons },
  }) as unknown as PlanForVerdict;

describe('refill plan verdict', () => {
  it('ERI said only at the last step: a pump at ERI with a reconciled residual is "Ready to refill — with a warning", ERI named', () => {
    const v = planVerdict(plan([eri]));
    expect(v.title).toBe('Ready to refill — with a warning');
    expect(v.verdict).toBe('warn');
    expect(v.reasons.map((r) => r.code)).toEqual(['ITB_R_PROG_PUMP_AT_ERI']);
    expect(v.next).toMatch(/note/);
  });

  it('nothing to warn of: a plain "Ready to refill"', () => {
    const v = planVerdict(plan([]));
    expect(v.title).toBe('Ready to refill');
    expect(v.verdict).toBe('ok');
  });
});
