/**
 * A pump taken out, recorded through the HTTP API as the physician records it: removed without a replacement
 * ({@link RemovePumpCmd}), or replaced by a new pump in one operation ({@link ReplacePumpCmd}).
 *
 * Removed without a replacement (an infection, the patient's choice): from then on the patient has no pump
 * (I22, `src/clinic/implant-in-use.ts`). The state check reads every page for "no pump in place"
 * (invariants.ts `checkRemoved`), the pump-side commands no longer pick the patient, and here, at once, the
 * programmer and the diary are tried on the removed pump — each must refuse and change nothing. The virtual pump runs on in the rig, unread, as a pump
 * on a bench would.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Implant } from '../../src/clinic/records.ts';
import { DEMO_CATHETER } from '../../src/demo/demo-world.ts';
import { linkKeysForRecord } from '../../src/server/pump-directory.ts';
import { prescriptionToJson } from '../../src/therapy/prescription-json.ts';
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

/**
 * The pump replaced in one operation (the replacement route: the new pump with its initial fill, its
 * programme, the old pump's explant), as at ERI: the new pump is filled with what the record prescribes
 * (a strength a physician prescribed for the next refill comes with it) and runs the prescribed daily dose.
 * From the step on, the patient is checked against the new pump; at once, the old pump must have handed
 * over: its device states closed, its refill and dose-change visits cancelled and no replacement visit left
 * booked, the board on the new pump, the new programme current (`replacement-hands-over`).
 */
export class ReplacePumpCmd implements Cmd {
  constructor(readonly i: number) {}
  check = (m: Readonly<Model>) => pumpInPlace(m, this.i);
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const fail = (detail: string) =>
      m.pending.push({ invariant: 'replacement-hands-over', patient: pm.name, detail });
    const rx = (await readAll(rig, p)).current;
    // The replacement is programmed with the record's own continuous programme; a stopped pump or a
    // flex schedule is not what this command models.
    if (rx === null || rx.prescription.mode !== 'simple-continuous') {
      await afterStep(m, rig, `${this.toString()} (not continuous: skipped)`, this.i);
      return;
    }
    const now = rig.clock.now();
    const pump = await rig.startPump({
      ...p.cast,
      n: p.cast.n + 100 * (m.step + 1),
      doseMcg: rx.prescription.doseMcgPerDay,
      concentrationMcgPerMl: rx.prescription.concentrationMcgPerMl,
    });
    const contents = pump.server.state.pump.reservoir.contents;
    if (contents === null || contents === undefined) throw new Error('the replacement pump was not filled');
    const res = await rig.call('physician', 'POST', `${P(p)}/implants/${p.implant.id}/replacement`, {
      procedure: {
        pumpSerial: pump.serial,
        deviceProfileId: p.implant.deviceProfileId,
        implantDate: new Date(now).toISOString().slice(0, 10),
        pocketSide: 'right',
        catheter: { model: DEMO_CATHETER.model, implantedLengthMm: DEMO_CATHETER.lengthMm, tipLevel: 'T10' },
        linkKeys: linkKeysForRecord(pump.keys),
        initialFill: {
          drug: contents.drug,
          concentrationNgPerMl: contents.concentration,
          volumeNl: pump.server.state.pump.reservoir.volume,
          lot: 'LOT-MBT-REPLACEMENT',
          at: now,
        },
      },
      programme: {
        prescription: prescriptionToJson(pump.server.state.pump.prescription),
        expectedHeadId: rx.id,
        justification: 'the replacement pump runs the prescribed dose',
      },
      explant: { reason: 'battery-eri', catheter: 'kept', notes: 'replaced; catheter kept and reconnected' },
    });
    noteStatus(m, pm, 'replacement', res);
    if (res.statusCode !== 201) {
      fail(`recording the replacement answered HTTP ${res.statusCode} ${res.body.slice(0, 300)}`);
      await afterStep(m, rig, this.toString(), this.i);
      return;
    }
    const old = p.implant;
    const implant = res.json<{ implant: Implant }>().implant;
    rig.replacePump(this.i % rig.patients.length, pump, implant);
    pm.implantId = implant.id;
    pm.implantAt = now;
    pm.concentration = contents.concentration;
    pm.drug = contents.drug;
    pm.prescribed = null;
    pm.reported.clear();

    const after = await readAll(rig, pick(m, rig, this.i).p);
    if (after.board.implantId !== implant.id)
      fail(`the board row reads implant ${after.board.implantId ?? 'none'}, not the new pump ${implant.id}`);
    // A new pump's battery is new, and no refill of it has been reconciled yet.
    if (after.board.battery?.eri === true) fail('the board shows the new pump at ERI');
    if (after.board.reconciliation.last !== null)
      fail(
        `the board shows the old pump's reconciliation (${after.board.reconciliation.last}) for the new one`,
      );
    for (const a of after.alerts)
      if (a.resolved === null && a.implantId === old.id && a.condition !== undefined && a.condition !== null)
        fail(`the old pump's alert "${a.message}" (${a.condition}) is still open`);
    // (A replacement visit, of the old pump or naming none, is done with the replacement.)
    for (const a of after.appointments)
      if (
        a.status === 'booked' &&
        ((a.implantId === old.id && ['refill', 'dose-change'].includes(a.kind)) || a.kind === 'replacement')
      )
        fail(`the ${a.kind} visit of ${new Date(a.at).toISOString()} is still booked after the replacement`);
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `replacePump(${this.i})`;
}
