/**
 * The clinic actions of the model-based test, each through the HTTP API as the clinician would act: refills
 * with the right syringe and with wrong ones (refill-cmd.ts), from two tabs (stale-tab-cmd.ts), titrations and new concentrations
 * (prescribe-cmds.ts), clock jumps, alarm tests, catheter changes and interrogations (pump-cmds.ts), the
 * papers, resolving alerts and booking a visit (records-cmds.ts), a pump removed without a replacement or
 * replaced (explant-cmd.ts) — and here their random generators. After every action the model checks every
 * invariant (invariants.ts, model.ts) for every patient against the pump and the world.
 */
import fc from 'fast-check';
import { MS_PER_DAY, MS_PER_HOUR } from '../../src/therapy/quantities.ts';
import { AdvanceCmd, AlarmTestCmd, CatheterCmd, InterrogateCmd } from './pump-cmds.ts';
import { PrescribeConcentrationCmd, TitrateCmd } from './prescribe-cmds.ts';
import { BookVisitCmd, PapersCmd, ResolveAlertsCmd } from './records-cmds.ts';
import { RemovePumpCmd, ReplacePumpCmd } from './explant-cmd.ts';
import { RefillCmd, type Syringe } from './refill-cmd.ts';
import { StaleTabRefillCmd } from './stale-tab-cmd.ts';
import { type Cmd } from './model.ts';

/** The command generators, for `patients` patients. */
export function commandArbitraries(patients: number): fc.Arbitrary<Cmd>[] {
  const i = fc.nat({ max: patients - 1 });
  return [
    fc
      .tuple(
        i,
        fc.constantFrom<Syringe>('right', 'right', 'other-concentration', 'other-drug', 'overfill'),
        fc.integer({ min: 10, max: 20 }),
      )
      .map(([n, s, v]) => new RefillCmd(n, s, v)),
    fc.tuple(i, fc.integer({ min: 10, max: 20 })).map(([n, v]) => new StaleTabRefillCmd(n, v)),
    fc
      // Reductions of up to half the dose, and increases up to 1.6× the largest the drug's label allows.
      // (In hundredths: fast-check's doubles cluster near 0, a step that changes nothing.)
      .tuple(i, fc.integer({ min: -50, max: 160 }), fc.boolean())
      .map(([n, f, flex]) => new TitrateCmd(n, f / 100, flex)),
    fc.oneof(
      fc.integer({ min: 1, max: 48 }).map((h) => new AdvanceCmd(h * MS_PER_HOUR)),
      fc.integer({ min: 2, max: 60 }).map((d) => new AdvanceCmd(d * MS_PER_DAY)),
    ),
    fc.integer({ min: 2, max: 60 }).map((d) => new AdvanceCmd(d * MS_PER_DAY)),
    // A pump removed without a replacement, or replaced, each about once in a run (explant-cmd.ts); a
    // dose-change or replacement visit booked; else an interrogation.
    fc.oneof(
      { weight: 1, arbitrary: i.map((n): Cmd => new RemovePumpCmd(n)) },
      { weight: 1, arbitrary: i.map((n): Cmd => new ReplacePumpCmd(n)) },
      { weight: 4, arbitrary: i.map((n): Cmd => new InterrogateCmd(n)) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            i,
            fc.constantFrom('dose-change' as const, 'replacement' as const),
            fc.integer({ min: 1, max: 30 }),
          )
          .map(([n, k, d]): Cmd => new BookVisitCmd(n, k, d)),
      },
    ),
    fc.tuple(i, fc.boolean()).map(([n, h]) => new AlarmTestCmd(n, h)),
    fc
      .tuple(i, fc.integer({ min: 40, max: 60 }), fc.constantFrom(0.1, 0.11, 0.12, 0.13))
      .map(([n, l, v]) => new CatheterCmd(n, l, v)),
    i.map((n) => new PapersCmd(n)),
    i.map((n) => new ResolveAlertsCmd(n)),
    // Which of the drug's strengths (drug library) the physician prescribes.
    fc.tuple(i, fc.nat({ max: 7 })).map(([n, k]) => new PrescribeConcentrationCmd(n, k)),
  ];
}
