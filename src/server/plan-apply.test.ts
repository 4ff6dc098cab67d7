/**
 * Duplicate D2/D6: the plan → apply route pairs (titration, refill, stop, resume, bolus, alarm settings)
 * repeated one keep → take → withPump → drop shape in three files. They are now registered through
 * `registerPlanApply` (plan-apply.ts); the behaviour is covered by each control's own route tests. This
 * tripwire keeps the shape in one place: only plan-apply.ts confirms kept plans (`h.confirmKept`, which
 * writes a plan at most once), except the catheter change, whose apply also takes the supervising
 * clinician and records the catheter the pump took.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const here = new URL('.', import.meta.url);
const sources = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ f, text: readFileSync(new URL(f, here), 'utf8') }));

describe('plan and apply in one place', () => {
  it('duplicate D2/D6: only registerPlanApply confirms a kept plan (the catheter change apart)', () => {
    const takers = sources.filter((s) => /\bh\.confirmKept\(/.test(s.text)).map((s) => s.f);
    expect(takers.sort()).toEqual(['plan-apply.ts', 'pump-procedure-routes.ts']);
    const users = sources.filter((s) => /registerPlanApply\(app/.test(s.text)).map((s) => s.f);
    expect(users.sort()).toEqual([
      'alarm-settings-routes.ts',
      'patient-bolus-routes.ts',
      'pump-control-routes.ts',
      'pump-routes.ts',
    ]);
  });
});
