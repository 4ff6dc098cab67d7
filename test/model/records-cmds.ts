/** The records commands of the model-based test: the papers a person reads, resolving alerts, booking a visit. */
import { concentrationText } from '../../src/therapy/drug-display.ts';
import { alertNames } from './invariants.ts';
import { pumpTruth, readAll, readPatientOwn } from './readers.ts';
import type { Rig } from './rig.ts';
import { MS_PER_DAY } from '../../src/therapy/quantities.ts';
import { afterStep, noteStatus, pick, P, type Cmd, type Model } from './model.ts';

/** The papers: emergency card and last refill report PDFs, the FHIR record. Each must be served. */
export class PapersCmd implements Cmd {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const card = await rig.call(p.account, 'GET', `${P(p)}/emergency-card.pdf`);
    noteStatus(m, pm, 'emergency card', card);
    const last = (await readAll(rig, p)).refills.at(-1);
    if (last !== undefined) {
      const report = await rig.call(
        'nurse',
        'GET',
        `/api/v1/refills/${last.id}/report.pdf?patientId=${p.patient.id}`,
      );
      noteStatus(m, pm, 'refill report', report);
    }
    // The patient's own account reads the same next refill as the staff-read records give.
    const own = await readPatientOwn(rig, p);
    const staff = (await readAll(rig, p)).patientView;
    if (JSON.stringify(own) !== JSON.stringify(staff)) {
      m.pending.push({
        invariant: 'patient-view-one-projection',
        patient: pm.name,
        detail: `the patient's own view reads ${JSON.stringify(own)}, the staff records give ${JSON.stringify(staff)}`,
      });
    }
    const fhir = await rig.call('nurse', 'GET', `/fhir/Patient/${p.patient.id}/$everything`);
    noteStatus(m, pm, 'FHIR $everything', fhir);
    if (fhir.statusCode === 200) {
      // The active MedicationRequest names the concentration the pump holds (or the one a physician
      // prescribed for the next refill).
      // The FHIR text writes it as every page does (the one formatter of drug-display.ts: "1,000 mcg/mL").
      const truth = pumpTruth(rig, p);
      const named = concentrationText(pm.prescribed ?? truth.concentration ?? 0, truth.drug ?? pm.drug);
      const entries =
        fhir.json<{ entry?: { resource?: { resourceType?: string; status?: string } }[] }>().entry ?? [];
      const active = entries
        .map((e) => e.resource)
        .find((r) => r?.resourceType === 'MedicationRequest' && r.status === 'active');
      if (active !== undefined && !JSON.stringify(active).includes(named)) {
        m.pending.push({
          invariant: 'concentration-only-by-prescription',
          patient: pm.name,
          detail: `the active FHIR MedicationRequest does not name the prescribed ${named}`,
        });
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `papers(${this.i})`;
}

/** A person resolves every open alert of the patient, with a note: the states they name may now go. */
export class ResolveAlertsCmd implements Cmd {
  constructor(readonly i: number) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const open = (await readAll(rig, p)).alerts.filter((a) => a.resolved === null);
    for (const a of open) {
      const res = await rig.call('nurse', 'POST', `${P(p)}/alerts/${a.id}/resolve`, {
        resolution: 'reviewed with the physician; patient called',
      });
      noteStatus(m, pm, 'resolve alert', res);
      if (res.statusCode === 200) {
        for (const type of [...pm.reported.keys()]) if (alertNames(a, type)) pm.reported.delete(type);
      }
    }
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `resolveAlerts(${this.i})`;
}

/**
 * A visit booked for the pump without naming one (as the appointments page books it): a dose change, or the
 * pump's replacement (at ERI). For a patient whose pump was removed it must be refused (I22); a pump taken
 * out later closes it (explant-cmd.ts checks what is left booked).
 */
export class BookVisitCmd implements Cmd {
  constructor(
    readonly i: number,
    readonly kind: 'dose-change' | 'replacement',
    readonly inDays: number,
  ) {}
  check = () => true;
  async run(m: Model, rig: Rig): Promise<void> {
    const { p, pm } = pick(m, rig, this.i);
    const res = await rig.call('nurse', 'POST', `${P(p)}/appointments`, {
      kind: this.kind,
      at: rig.clock.now() + this.inDays * MS_PER_DAY,
      durationMinutes: 30,
    });
    noteStatus(m, pm, `${this.kind} booking`, res);
    if (pm.removedAt !== null && res.statusCode < 400)
      m.pending.push({
        invariant: 'removed-pump-is-no-pump',
        patient: pm.name,
        detail: `a ${this.kind} visit was booked (HTTP ${res.statusCode}) for a patient whose pump was removed`,
      });
    await afterStep(m, rig, this.toString(), this.i);
  }
  toString = () => `bookVisit(${this.i}, ${this.kind}, in ${this.inDays} d)`;
}
