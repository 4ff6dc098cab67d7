/**
 * A change of strength at a refill (docs/clinical-reference.md §1.6, §2 and §3 "bridge bolus"). The clinic
 * moves a patient to another stocked strength by a physician's prescription for the same daily dose at the new
 * strength, sent to the pump with the refill, and then programs the bridge: the old fluid still in the
 * catheter and the pump's path runs at the old strength's flow until it has cleared (src/therapy/bridge.ts).
 * Two reasons to change: a fill lasts less than the shortest refill interval (strengths.ts: the clinic moves
 * to a stronger strength), or the patient's strength is out of stock (the `strength-change` fault). With the
 * `bridge` control off the pump switches at once to the new flow, and the old fluid reaches the spine at
 * dose × old/new strength — an overdose after a change to a weaker strength, an underdose after a stronger.
 */
import { planBridge } from '../therapy/bridge.ts';
import { mcgPerMl, nlToMl, type NanogramsPerDay, type NanogramsPerMl } from '../therapy/quantities.ts';
import { formatConcentration } from '../therapy/units.ts';
import type { Sim } from './context.ts';
import { command, id } from './pump-commands.ts';
import { isOn } from './controls.ts';
import { addEvent } from './record.ts';
import type { Fault } from './scenario.ts';
import { strongerStrength } from './strengths.ts';

/** Whether the pump can run `dose` at `concentration` inside its flow range. */
function runs(sim: Sim, dose: NanogramsPerDay, concentration: NanogramsPerMl): boolean {
  const flow = (dose / concentration) * 1e6;
  const range = sim.c.pump.profile.flowRange.value;
  return flow >= range.min && flow <= range.max;
}

/**
 * The strength this refill fills (ng/mL): the out-of-stock fault's when it runs the dose, else a stronger one
 * when a fill no longer lasts the refill interval, else the patient's own.
 */
export function strengthForRefill(
  sim: Sim,
  outOfStock: Extract<Fault, { kind: 'strength-change' }> | undefined,
): NanogramsPerMl {
  const p = sim.c.pump.prescription;
  if (p.mode !== 'simple-continuous') return sim.concentration;
  if (outOfStock !== undefined) {
    const to = mcgPerMl(outOfStock.toMcgPerMl);
    if (runs(sim, p.dose, to)) return to;
  }
  const stronger = strongerStrength(
    p.dose / 1000,
    nlToMl(sim.s.fillVolume),
    sim.concentration / 1000,
    sim.c.pump.profile.flowRange.value.min,
  );
  return stronger === null ? sim.concentration : mcgPerMl(stronger);
}

/**
 * After a refill the pump accepted with the prescription for a new strength: the patient is now on `to`, and
 * the bridge (unless switched off) delivers the old fluid at the old strength's flow.
 */
export function changedStrength(
  sim: Sim,
  from: NanogramsPerMl,
  to: NanogramsPerMl,
  dose: NanogramsPerDay,
): void {
  const t = sim.c.t;
  sim.concentration = to;
  const change = `${formatConcentration(from)} → ${formatConcentration(to)}`;
  addEvent(sim.rec, t, 'program', `prescription at a new strength, ${change}, same dose`);
  // The world holds old fluid in the catheter only (its plug-flow line has no pump path), so the bridge clears
  // the catheter: the pump-path volume would push new, stronger fluid at the old flow.
  const plan = planBridge({
    catheterVolume: sim.c.pump.catheterVolume,
    oldConcentration: from,
    newConcentration: to,
    dose,
  });
  if (!plan.needed) return;
  if (!isOn(sim.s.controlsOff, 'bridge')) {
    addEvent(
      sim.rec,
      t,
      'program',
      `no bridge after ${change}: the pump runs the new flow at once`,
      plan.reasons,
    );
    return;
  }
  const out = command(sim, {
    kind: 'bridge-bolus',
    commandId: id(sim, 'bridge'),
    volume: plan.volume,
    duration: plan.bridgeDuration,
  });
  const ok = out.result?.ok === true;
  addEvent(
    sim.rec,
    t,
    ok ? 'program' : 'program-refused',
    ok ? `bridge after ${change}` : `bridge after ${change} refused by the pump`,
    ok ? plan.reasons : (out.result?.reasons ?? []),
  );
}
