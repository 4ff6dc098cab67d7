/**
 * A pump removed without a replacement (an infection, the patient's choice), recorded through the HTTP API
 * as the physician records it. From then on the patient has no pump (I22, `src/clinic/implant-in-use.ts`):
 * the state check reads every page for "no pump in place" (invariants.ts `checkRemoved`), the pump-side
 * commands no longer pick the patient, and here, at once, the programmer and the diary are tried on the
 * removed pump — each must refuse and change nothing. The virtual pump runs on in the rig, unread, as a pump
 * on a bench would.
 */
import type { LightMyRequestResponse } from 'fastify';
import { MS_PER_DAY, NG_PER_MCG } from '../../src/therapy/quantities.ts';
import { drugEntry } from './label.ts';
import { pumpTruth, readAll } from './readers.ts';
import { CONFIRMED } from './refill-cmd.ts';
import type { Rig } from './rig.ts';
import { afterStep, noteStatus, pick, P, pumpInPlace, type Cmd, type Model } from './model.ts';

export class RemovePumpCmd implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const fail = (detail: string) =>
      m.pending.push({ invariant: 'removed-pump-is-no-pump', patient: pm.name, detail });
    const before = await readAll(rig, p);
    const res = await rig.call('physician', 'POST', `${P(p)}/implants/${p.implant.id}/explant`, {
      reason: 'infection',
      catheter: 'removed',
      replacementImplantId: null,
      notes: 'pocket infection; pump and catheter removed',
    });
    noteStatus(m, pm, 'explant', res);
    if (res.statusCode !== 201) {
      fail(
        `recording the removal of the pump in place answered HTTP ${res.statusCode} ${res.body.slice(0, 200)}`,
      );
      await afterStep(m, rig, this.toString(), this.i);
      return;
    }
    pm.removedAt = rig.clock.now();
    pm.reported.clear();
    pm.prescribed = null;

    // The drug stopped: a drug whose abrupt stop the library marks as a hazard raises its critical alert.
    const removed = await readAll(rig, p);
    const running = before.current !== null && before.current.prescription.mode !== 'stopped';
    if (running && drugEntry(pm.drug).withdrawalRisk) {
      const stopAlert = removed.alerts.find(
        (a) => a.resolved === null && a.kind === 'withdrawal-risk' && a.severity === 'critical',
      );
      if (stopAlert === undefined)
        fail(`${pm.drug} stopped with the removal and no critical withdrawal-risk alert is open`);
    }

    // The programmer and the diary, tried on the removed pump: each refused, nothing recorded or changed.
    const truth = pumpTruth(rig, p);
    const tries: [string, LightMyRequestResponse][] = [
      [
        'refill plan',
        await rig.call('nurse', 'POST', `${P(p)}/pump/refill/plan`, {
          drug: pm.drug,
          concentrationMcgPerMl: (truth.concentration ?? pm.concentration) / NG_PER_MCG,
          volumeMl: 10,
          measuredResidualMl: 1,
          lot: 'LOT-MBT',
          explanation: 'tried on a removed pump',
          confirmations: CONFIRMED,
        }),
      ],
      ['interrogation', await rig.call('nurse', 'POST', `${P(p)}/pump/interrogate`)],
      [
        'refill booking',
        await rig.call('nurse', 'POST', `${P(p)}/appointments`, {
          kind: 'refill',
          at: rig.clock.now() + 7 * MS_PER_DAY,
          durationMinutes: 30,
        }),
      ],
    ];
    for (const [what, r] of tries) {
      noteStatus(m, pm, `${what} of a removed pump`, r);
      if (r.statusCode < 400) fail(`the ${what} of the removed pump answered HTTP ${r.statusCode}`);
    }
    const after = await readAll(rig, p);
    const afterTruth = pumpTruth(rig, p);
    const changed = [
      after.refills.length !== removed.refills.length && 'a refill was recorded',
      after.chainLength !== removed.chainLength && 'a prescription was recorded',
      after.appointments.length !== removed.appointments.length && 'a visit was booked',
      afterTruth.reservoirNl !== truth.reservoirNl && 'the pump reservoir changed',
      JSON.stringify(afterTruth.prescription) !== JSON.stringify(truth.prescription) &&
        'the pump was programmed',
    ].filter((x): x is string => typeof x === 'string');
    if (changed.length > 0) fail(`tried on the removed pump: ${changed.join('; ')}`);
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `removePump(${this.i})`;
}
