import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAUSE_IDS } from './causes.ts';
import { PRESENTATIONS, REPORTED_ALARMS, type FindingsInput } from './findings.ts';
import { troubleshoot } from './rank.ts';

const top = (f: FindingsInput, n = 1) =>
  troubleshoot(f)
    .candidates.slice(0, n)
    .map((c) => c.cause.id);
const base = { reservoirMl: 20 } as const;

describe('troubleshooting guide: causes in order of danger, re-ranked by findings', () => {
  it('with nothing but a symptom, the most dangerous cause comes first (empty or low reservoir)', () => {
    expect(top({ ...base, presentations: ['alarm'] })).toEqual(['reservoir-empty-or-low']);
  });

  it('more spasticity with an empty-reservoir alarm: the reservoir first (withdrawal, §2 boxed warning)', () => {
    expect(top({ ...base, presentations: ['more-spasticity'], activeAlarms: ['empty-reservoir'] })).toEqual([
      'reservoir-empty-or-low',
    ]);
  });

  it('a stopped pump (suspended or at its minimum rate) was never named: it comes first, before any catheter fault', () => {
    const f: FindingsInput = { ...base, presentations: ['more-spasticity'], residualDiscrepancyMl: 0 };
    expect(top(f)).not.toEqual(['delivery-stopped']);
    expect(top({ ...f, deliveryStopped: true })).toEqual(['delivery-stopped']);
    // An empty reservoir reported beside it is as urgent and more dangerous-first: both lead.
    expect(top({ ...f, deliveryStopped: true, activeAlarms: ['empty-reservoir'] }, 2).sort()).toEqual([
      'delivery-stopped',
      'reservoir-empty-or-low',
    ]);
  });

  it('a residual over 1 mL above the calculation in a 20 mL pump points to occlusion (§3 reconciliation)', () => {
    const f: FindingsInput = { ...base, presentations: ['more-spasticity'], residualDiscrepancyMl: 3 };
    expect(top(f)).toEqual(['catheter-occlusion-or-kink']);
    // The same 1.5 mL gap is within the 40 mL pump's 2 mL threshold: no longer evidence.
    expect(top({ ...f, residualDiscrepancyMl: 1.5, reservoirMl: 40 })).not.toEqual([
      'catheter-occlusion-or-kink',
    ]);
  });

  it('swelling just after a refill with a low residual is a pocket fill', () => {
    expect(
      top({
        ...base,
        presentations: ['pump-site-swelling', 'overdose-signs'],
        lastRefillHoursAgo: 6,
        residualDiscrepancyMl: -8,
      }),
    ).toEqual(['pocket-fill']);
  });

  it('overdose signs two days after the dose was doubled: programming error first', () => {
    expect(
      top({ ...base, presentations: ['overdose-signs'], lastDoseChange: { hoursAgo: 48, ratio: 2 } }),
    ).toEqual(['programming-error']);
  });

  it('a motor stall alarm (e.g. after an MRI) puts the pump first; a rotor that turned takes it back out', () => {
    const f: FindingsInput = { ...base, presentations: ['alarm'], activeAlarms: ['motor-stall'] };
    expect(top(f)).toEqual(['pump-stall-or-failure']);
    const score = (x: FindingsInput) =>
      troubleshoot(x).candidates.find((c) => c.cause.id === 'pump-stall-or-failure')!.score;
    expect(score({ ...f, rotorStudy: 'turned' })).toBeLessThan(score(f));
    expect(score({ ...f, rotorStudy: 'did-not-turn' })).toBeGreaterThan(score(f));
  });

  it('clear CSF from the access port moves the catheter causes below disease progression', () => {
    const plan = troubleshoot({
      ...base,
      presentations: ['more-spasticity'],
      portAspiration: 'csf',
      imaging: 'intact',
    });
    const rank = plan.candidates.map((c) => c.cause.id);
    expect(rank.indexOf('disease-progression')).toBeLessThan(rank.indexOf('catheter-occlusion-or-kink'));
  });

  it('next steps come from the leading causes, each once, with what each result means', () => {
    const plan = troubleshoot({ ...base, presentations: ['more-spasticity'] });
    const ids = plan.nextSteps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe('interrogate');
    // Once interrogated and reconciled, those steps are not proposed again.
    const later = troubleshoot({
      ...base,
      presentations: ['more-spasticity'],
      calculatedResidualMl: 12,
      residualDiscrepancyMl: 0,
    });
    expect(later.nextSteps.map((s) => s.id)).not.toContain('interrogate');
    expect(later.nextSteps.map((s) => s.id)).not.toContain('reconcile-residual');
    for (const s of plan.nextSteps) expect(s.results.length).toBeGreaterThan(0);
  });

  it('H41 catheter-tip granuloma: on an intrathecal opioid, new neurological signs or a loss of effect lead to the granuloma and imaging before any dose increase', () => {
    const ids = (f: FindingsInput) => troubleshoot(f).candidates.map((c) => c.cause.id);
    const opioid = { ...base, intrathecalOpioid: true, monthsOnTherapy: 24 } as const;
    const neuro = troubleshoot({ ...opioid, presentations: ['more-spasticity'], neurologicalSigns: true });
    expect(neuro.candidates[0]?.cause.id).toBe('catheter-tip-granuloma');
    expect(neuro.nextSteps.map((s) => s.id).slice(0, 2)).toEqual(['interrogate', 'imaging']);
    // Loss of effect alone: the granuloma and its imaging come before the causes whose remedy is to titrate up.
    const lossOfEffect: FindingsInput = { ...opioid, presentations: ['more-spasticity'] };
    const rank = ids(lossOfEffect);
    for (const titrateUp of ['disease-progression', 'tolerance'] as const)
      expect(rank.indexOf('catheter-tip-granuloma')).toBeLessThan(rank.indexOf(titrateUp));
    expect(troubleshoot(lossOfEffect).nextSteps.map((s) => s.id)).toContain('imaging');
    expect(top({ ...lossOfEffect, imaging: 'mass-at-tip' })).toEqual(['catheter-tip-granuloma']);
    // Baclofen alone: the same presentation does not point at a granuloma.
    const baclofen = troubleshoot({ ...base, presentations: ['more-spasticity'], neurologicalSigns: true });
    expect(baclofen.candidates.find((c) => c.cause.id === 'catheter-tip-granuloma')?.score).toBe(0);
  });

  it('H42 meningitis: fever with headache or neck stiffness, or after a refill or surgery, leads to an infection work-up, not only to withdrawal', () => {
    // Withdrawal signs two days after a halved dose with a low reservoir: the withdrawal causes lead.
    const withdrawal: FindingsInput = {
      ...base,
      presentations: ['more-spasticity'],
      activeAlarms: ['low-reservoir'],
      lastDoseChange: { hoursAgo: 48, ratio: 0.5 },
    };
    const stepsOf = (f: FindingsInput) => troubleshoot(f).nextSteps.map((s) => s.id);
    for (const fever of [
      { fever: true, meningism: true },
      { fever: true, lastRefillHoursAgo: 30 },
      { fever: true, hoursSinceSurgery: 5 * 24 },
    ]) {
      expect(stepsOf({ ...withdrawal, ...fever }).slice(0, 2), JSON.stringify(fever)).toEqual([
        'interrogate',
        'infection-workup',
      ]);
      expect(top({ ...withdrawal, ...fever }, 2), JSON.stringify(fever)).toContain('infection');
    }
    // Even when four causes outweigh it (an empty reservoir, a halved dose, a higher residual), the work-up stays.
    const crowded: FindingsInput = {
      ...withdrawal,
      activeAlarms: ['empty-reservoir'],
      residualDiscrepancyMl: 3,
      fever: true,
      meningism: true,
    };
    expect(stepsOf(crowded)).toContain('infection-workup');
    // A fever far from any refill or surgery, without meningism, is withdrawal or infection: weighed, not forced.
    expect(stepsOf({ ...withdrawal, fever: true, lastRefillHoursAgo: 900 })).not.toContain(
      'infection-workup',
    );
  });

  it('H52 catheter fracture or migration: withdrawal signs with a matching reconciliation lead to the access-port aspiration and imaging', () => {
    const f: FindingsInput = {
      ...base,
      presentations: ['more-spasticity'],
      activeAlarms: ['low-reservoir'],
      calculatedResidualMl: 4,
      residualDiscrepancyMl: 0.3,
      lastDoseChange: { hoursAgo: 48, ratio: 0.6 },
      lastRefillHoursAgo: 40,
    };
    const plan = troubleshoot(f);
    expect(plan.nextSteps.map((s) => s.id).slice(0, 2)).toEqual(['access-port-aspiration', 'imaging']);
    const migration = plan.candidates.find((c) => c.cause.id === 'catheter-migration-or-fracture');
    expect(migration?.because.join(' ')).toMatch(/reconciliation cannot see/);
  });

  it('refuses findings without a presentation, with ITB_E_INVALID_INPUT', () => {
    expect(() => troubleshoot({ ...base, presentations: [] })).toThrow(
      expect.objectContaining({ code: 'ITB_E_INVALID_INPUT' }),
    );
  });

  it('property: every cause is ranked once, scores never increase down the list, ties by danger', () => {
    const findings = fc.record({
      presentations: fc.uniqueArray(fc.constantFrom(...PRESENTATIONS), { minLength: 1 }),
      activeAlarms: fc.uniqueArray(fc.constantFrom(...REPORTED_ALARMS)),
      reservoirMl: fc.constantFrom(20, 40),
      residualDiscrepancyMl: fc.option(fc.double({ min: -20, max: 20, noNaN: true }), { nil: undefined }),
      lastRefillHoursAgo: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
      infectionSigns: fc.boolean(),
    });
    fc.assert(
      fc.property(findings, (f) => {
        const input = Object.fromEntries(
          Object.entries(f).filter(([, v]) => v !== undefined),
        ) as FindingsInput;
        const c = troubleshoot(input).candidates;
        expect(c.map((x) => x.cause.id).sort()).toEqual([...CAUSE_IDS].sort());
        for (let i = 1; i < c.length; i++) {
          expect(c[i]!.score).toBeLessThanOrEqual(c[i - 1]!.score);
          if (c[i]!.score === c[i - 1]!.score)
            expect(CAUSE_IDS.indexOf(c[i]!.cause.id)).toBeGreaterThan(CAUSE_IDS.indexOf(c[i - 1]!.cause.id));
        }
        // An empty-reservoir alarm always puts the reservoir in the first two (the deadliest miss).
        if (input.activeAlarms?.includes('empty-reservoir'))
          expect(c.slice(0, 2).map((x) => x.cause.id)).toContain('reservoir-empty-or-low');
      }),
      { numRuns: 500 },
    );
  });
});
