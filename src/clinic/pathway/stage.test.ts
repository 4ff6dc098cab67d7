/**
 * The care pathway's stage and its checklist rules (stage.ts), and the post-operative schedule
 * (postop-checks.ts): each stage from the records that define it, the trial checklist over random
 * evaluation histories, and the due items never naming a completed check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpochMs } from '../../therapy/quantities.ts';
import type { TeamDecision, TeamOutcome } from './evaluation-records.ts';
import { evaluationInput, proceedDecision } from './pathway-fixtures.ts';
import { dueDay, POST_OP_PERIOD, POSTOP_ITEMS, postOpConcerns, postOpDue } from './postop-checks.ts';
import { isoDayText } from '../../therapy/date-text.ts';
import {
  checkDecision,
  decisionInForce,
  pathwayStage,
  requireTrialDecision,
  type PathwayFacts,
} from './stage.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 15) as EpochMs;
const none: PathwayFacts = {
  evaluations: [],
  trials: [],
  implants: [],
  explants: [],
  hasPrescription: false,
  openPostOpChecks: 0,
  replacementDue: false,
};
const decided = (outcome: TeamOutcome, at: number): TeamDecision => ({ ...proceedDecision(at), outcome });

describe('pathway stage', () => {
  it('walks referred → evaluated → trial → implanted → post-op → maintenance → replacement-due → explanted', () => {
    const evaluations = [{ at: NOW - 90 * DAY, decision: null }];
    const withDecision = [
      ...evaluations,
      { at: NOW - 80 * DAY, decision: decided('proceed-to-trial', NOW - 80 * DAY) },
    ];
    const trials = [{ at: NOW - 70 * DAY, responded: true }];
    const implant = { id: 'i1', implantDate: '2026-01-10', createdAt: NOW - 5 * DAY };
    const older = { id: 'i0', implantDate: '2025-06-01', createdAt: NOW - 200 * DAY };
    const steps: [PathwayFacts, string][] = [
      [none, 'referred'],
      [{ ...none, evaluations }, 'referred'],
      [{ ...none, evaluations: withDecision }, 'evaluated'],
      [{ ...none, evaluations: withDecision, trials }, 'trial'],
      [{ ...none, evaluations: withDecision, trials, implants: [implant] }, 'implanted'],
      [{ ...none, trials, implants: [implant], hasPrescription: true }, 'post-op'],
      [{ ...none, implants: [older], hasPrescription: true }, 'maintenance'],
      [{ ...none, implants: [older], hasPrescription: true, openPostOpChecks: 1 }, 'post-op'],
      [{ ...none, implants: [implant], hasPrescription: true, replacementDue: true }, 'replacement-due'],
      [{ ...none, implants: [implant], explants: [{ implantId: implant.id }] }, 'explanted'],
    ];
    expect(steps.map(([facts]) => pathwayStage(facts, NOW).stage)).toEqual(steps.map(([, s]) => s));
  });

  it('a replacement pump counts, not the explanted one', () => {
    const facts = {
      ...none,
      implants: [
        { id: 'old', implantDate: '2019-01-01', createdAt: NOW - 2000 * DAY },
        { id: 'new', implantDate: '2024-12-01', createdAt: NOW - 400 * DAY },
      ],
      explants: [{ implantId: 'old' }],
      hasPrescription: true,
    };
    expect(pathwayStage(facts, NOW).stage).toBe('maintenance');
  });
});

describe('trial checklist: no trial before the team decision (finding: trial booked before the decision)', () => {
  it('refuses with no evaluation, a pending one, or a negative decision in force', () => {
    for (const evaluations of [
      [],
      [{ at: 1, decision: null }],
      [
        { at: 1, decision: decided('proceed-to-trial', 1) },
        { at: 2, decision: decided('defer', 2) },
      ],
    ]) {
      expect(() => requireTrialDecision(evaluations)).toThrow(
        expect.objectContaining({ code: 'ITB_E_PATHWAY_NO_TEAM_DECISION' }),
      );
    }
  });

  it('passes exactly when the latest decision is to proceed (any history, any order)', () => {
    const outcome = fc.constantFrom<TeamOutcome | null>('proceed-to-trial', 'not-a-candidate', 'defer', null);
    const history = fc.uniqueArray(fc.record({ at: fc.integer({ min: 0, max: 1e12 }), outcome }), {
      selector: (e) => e.at,
      maxLength: 8,
    });
    fc.assert(
      fc.property(history, (h) => {
        const evaluations = h.map((e) => ({
          at: e.at,
          decision: e.outcome === null ? null : decided(e.outcome, e.at),
        }));
        const latest = [...h]
          .sort((a, b) => a.at - b.at)
          .filter((e) => e.outcome !== null)
          .at(-1);
        const passes = (() => {
          try {
            requireTrialDecision(evaluations);
            return true;
          } catch {
            return false;
          }
        })();
        expect(passes).toBe(latest?.outcome === 'proceed-to-trial');
        expect(decisionInForce(evaluations)?.outcome ?? null).toBe(latest?.outcome ?? null);
      }),
    );
  });

  it('refuses a decision to proceed during an active infection (ITB_E_PATHWAY_CONTRAINDICATED)', () => {
    const e = evaluationInput('p', 1);
    const infected = { ...e.contraindications, activeInfection: true };
    expect(() => checkDecision(proceedDecision(1), infected)).toThrow(
      expect.objectContaining({ code: 'ITB_E_PATHWAY_CONTRAINDICATED' }),
    );
    expect(() => checkDecision(decided('defer', 1), infected)).not.toThrow();
  });
});

describe('post-operative checks', () => {
  const implant = { id: 'imp-1', implantDate: '2026-01-01' };

  it('lists the three items with their due dates; a completed item leaves the list', () => {
    const due = postOpDue(implant, [], NOW);
    expect(due.map((d) => [d.item, new Date(d.dueAt).toISOString().slice(0, 10), d.overdue])).toEqual([
      ['wound-check', '2026-01-08', true],
      ['suture-removal', '2026-01-13', true],
      ['infection-watch', '2026-01-31', false],
    ]);
    const after = postOpDue(implant, [{ implantId: 'imp-1', completes: ['wound-check'] }], NOW);
    expect(after.map((d) => d.item)).toEqual(['suture-removal', 'infection-watch']);
  });

  it('a post-operative item read “due Sat 5 Dec 2026 00:00 UTC” on the board: it is a calendar day, written as one in any zone', () => {
    const [wound] = postOpDue(implant, [], NOW);
    expect(wound === undefined ? null : dueDay(wound)).toBe('2026-01-08');
    expect(wound === undefined ? null : isoDayText(dueDay(wound))).toBe('Thu 8 Jan 2026');
  });

  it('lists nothing once the post-operative window closed (an old implant is not post-op forever)', () => {
    const old = { id: 'imp-0', implantDate: '2025-06-01' };
    expect(postOpDue(old, [], NOW)).toEqual([]);
    const edge = Date.parse('2026-01-01T00:00:00Z') + POST_OP_PERIOD.value;
    expect(postOpDue(implant, [], (edge - 1) as EpochMs)).toHaveLength(3);
    expect(postOpDue(implant, [], edge as EpochMs)).toEqual([]);
  });

  it('never lists a completed item, and a check of another implant completes nothing here', () => {
    const items = fc.subarray([...POSTOP_ITEMS]);
    fc.assert(
      fc.property(items, items, (mine, other) => {
        const due = postOpDue(
          implant,
          [
            { implantId: 'imp-1', completes: mine },
            { implantId: 'imp-0', completes: other },
          ],
          NOW,
        ).map((d) => d.item);
        expect(due.sort()).toEqual(POSTOP_ITEMS.filter((i) => !mine.includes(i)).sort());
      }),
    );
  });

  it('names fever, a CSF leak sign and wound trouble; a clean check has no concern', () => {
    const clean = {
      completes: [],
      wound: 'clean-dry' as const,
      temperatureC: 36.9,
      positionalHeadache: false,
      fluidCollection: false,
      infectionSigns: false,
      notes: '',
    };
    expect(postOpConcerns(clean)).toEqual([]);
    const worrying = postOpConcerns({
      ...clean,
      wound: 'discharge',
      temperatureC: 38.4,
      positionalHeadache: true,
    });
    // Wound, fever, headache, and fever with headache (meningitis until excluded).
    expect(worrying).toHaveLength(4);
    expect(worrying.join(' ')).toMatch(/fever 38.4 °C/);
    expect(worrying.join(' ')).toMatch(/meningitis/);
    expect(worrying.join(' ')).toMatch(/CSF leak/);
  });
});
