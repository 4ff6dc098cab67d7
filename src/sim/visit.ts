/**
 * A titration visit of the simulated clinic: rate tone, decide by the label's steps (titration-visit.ts),
 * program the change; a reduction for overdose signs that is refused leads to the overdose response. A pump
 * found at end of service is replaced instead (pump-replacement.ts).
 */
import { observe } from '../body/body.ts';
import { rateTone } from '../body/screening.ts';
import { MS_PER_DAY } from '../therapy/quantities.ts';
import type { Sim } from './context.ts';
import { syncBody } from './couple.ts';
import { program } from './programming.ts';
import { replaceAtEndOfService } from './pump-replacement.ts';
import { addEvent } from './record.ts';
import { decideVisit } from './titration-visit.ts';

/** A titration visit: rate tone, then increase, hold or reduce by the label's rules (titration-visit.ts). */
export function visit(sim: Sim): void {
  const t = sim.s.titration;
  if (t === null || replaceAtEndOfService(sim)) return;
  const c = sim.c;
  const p = c.pump.prescription;
  if (p.mode !== 'simple-continuous' || sim.overdoseStop !== null) return;
  if (c.pump.alarms.some((a) => a.type !== 'low-reservoir')) return;
  sim.c = syncBody(sim.c);
  const tone = rateTone(sim.c.body, sim.rater, t.policy.muscleGroups);
  const o = observe(sim.c.body);
  const day = (c.t - sim.rec.start) / MS_PER_DAY;
  const inTitration = t.phase === 'titration' && day <= t.policy.titrationDays;
  const d = decideVisit(
    t.policy,
    inTitration,
    {
      at: c.t,
      doseMcg: p.dose / 1000,
      meanMas: tone.meanMas,
      overdoseStage: o.overdoseStage,
      withdrawalStage: o.withdrawalStage,
    },
    sim.titrationMemory,
  );
  if (d.kind !== 'change') {
    addEvent(sim.rec, c.t, 'visit', d.why);
    return;
  }
  // A reduction for overdose signs that is refused (a running dose above the absolute range: "verify the
  // record") leaves the clinic the overdose response: stop the pump, restart from the intended dose.
  const reduced = program(sim, d.doseMcg, d.why);
  if (!reduced && o.overdoseStage !== 'none' && !sim.agenda.find((a) => a.kind === 'overdose-response'))
    sim.agenda.add(c.t, { kind: 'overdose-response' });
}
