/**
 * What the printed session summary holds (pure: records in, words out). A "session" for the chart is the
 * visit: everything done to one patient's pump on one clinic day — interrogations, dose changes, refills,
 * boluses, stop and resume, alarm settings — each with what was read, what changed (before → after, in the
 * words and units the Finish screen used: src/programmer/change-text.ts), the pump's answer
 * (src/programmer/write-text.ts) and who did it, by name. The next refill-by date is the one projection's
 * (clinic/patient-dates.ts), the same date the board and the patient page show.
 */
import { actorLabel, nameActor } from '../clinic/actor-names.ts';
import type { Alert, ProgrammingSession, Refill } from '../clinic/clinical-records.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import { changeText, sessionDrug } from '../programmer/change-text.ts';
import { INTENT_WORKFLOW } from '../programmer/write-intent.ts';
import { READBACK_TEXT } from '../programmer/write-text.ts';
import { getProfile } from '../pump/profiles.ts';
import { patientDrug } from '../clinic/patient-drug.ts';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_LIBRARY } from '../therapy/drug-library.ts';
import { concentrationText, massText } from '../therapy/drug-display.ts';
import { mL } from '../therapy/display-numbers.ts';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import type { Reason } from '../therapy/verdict.ts';
import { describePrescription, reasonOnPaper } from './report-data.ts';

/** What one recorded step of the visit printed. */
export interface SummaryStep {
  readonly at: number;
  /** Who did it, by name. */
  readonly by: string;
  /** The workflow in words ("Dose change", "Refill", …). */
  readonly what: string;
  /** What the pump reported before the step, label → value in clinician units. */
  readonly read: readonly (readonly [string, string])[];
  /** Each change applied, "dose rate: 300 mcg/day → 330 mcg/day". */
  readonly changes: readonly string[];
  /** The pump's answer to the write, in words; null for a read only. */
  readonly outcome: string | null;
  readonly guardrail: string | null;
  /** Why the guardrail warned or blocked (its reasons that did); the instants they name are data (`times`). */
  readonly reasons: readonly Reason[];
  readonly justification: string | null;
}

/** A refill done in the visit: the reconciliation and what went in. */
export interface SummaryRefill {
  readonly at: number;
  readonly by: string;
  readonly drug: string;
  readonly lot: string;
  readonly expected: string;
  readonly measured: string;
  readonly difference: string;
  readonly verdict: string;
  readonly reasons: readonly string[];
  readonly added: string;
  readonly justification: string | null;
}

export interface SessionSummaryData {
  readonly patient: { readonly name: string; readonly mrn: string; readonly birthDate: string };
  readonly pump: { readonly model: string; readonly serial: string; readonly battery: string };
  /** The clinic day summarised ("2026-12-02") and the zone its times are printed in. */
  readonly day: string;
  readonly steps: readonly SummaryStep[];
  readonly refills: readonly SummaryRefill[];
  /** The programme the pump runs at the end of the visit (its last report), in words. */
  readonly programmeAfter: string;
  /** The drug in the pump after the visit (clinic/patient-drug.ts over its last report), for the paper's note. */
  readonly drug: DrugId | null;
  readonly refillBy: number | null;
  readonly openAlerts: readonly {
    readonly severity: string;
    readonly message: string;
    readonly since: number;
  }[];
  /** Everyone who recorded a step or a refill, by name. */
  readonly staff: readonly string[];
  readonly printedAt: number;
  readonly printedBy: string;
}

export interface SessionSummarySource {
  readonly patient: Patient;
  readonly implant: Implant;
  /** The visit's sessions and refills (already limited to the day), any order. */
  readonly sessions: readonly ProgrammingSession[];
  readonly refills: readonly Refill[];
  /** `user:<id>` actor → the person's name; an actor not in it prints as it is. */
  readonly names: ReadonlyMap<string, string>;
  /** From the one projection (clinic/patient-dates.ts) at printing time. */
  readonly dates: {
    readonly refillBy: number | null;
    readonly battery: { readonly eri: boolean | null } | null;
  };
  readonly openAlerts: readonly Alert[];
  readonly day: string;
  readonly printedAt: number;
  readonly printedBy: string;
}

const WORKFLOW_TEXT: Readonly<Record<string, string>> = {
  interrogate: 'Interrogation',
  titrate: 'Dose change',
  refill: 'Refill',
  'single-bolus': 'Clinician bolus',
  stop: 'Stop delivery',
  resume: 'Resume delivery',
  'alarm-settings': 'Alarm settings',
  'patient-bolus': 'Patient-controlled bolus settings',
  'alarm-test': 'Alarm test',
  'catheter-change': 'Catheter change',
  'reconcile-write': 'Unfinished write resolved from the pump',
};

const GUARDRAIL_TEXT = {
  ok: 'ok',
  warn: 'WARNING - overridden, justification below',
  block: 'BLOCKED - nothing was sent',
} as const;

const record = (x: unknown): Record<string, unknown> | undefined =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
const number = (x: unknown): number | undefined => (typeof x === 'number' ? x : undefined);

/** The pump status a session read (its snapshot before any change). */
const statusOf = (s: ProgrammingSession) => record(record(s.interrogation['snapshot'])?.['status']);
/** What the pump reports after the session: its read-back, else the snapshot it started from. */
function lastReport(s: ProgrammingSession): Record<string, unknown> | undefined {
  const write = record(s.interrogation['write']);
  const readBack = record(record(write?.['readBack'])?.['snapshot']);
  return record(s.interrogation['after']) ?? readBack ?? record(s.interrogation['snapshot']);
}

function readFacts(s: ProgrammingSession): [string, string][] {
  const status = statusOf(s);
  const rx = record(s.interrogation['snapshot'])?.['prescription'] as PrescriptionJson | undefined;
  if (status === undefined) return [];
  const facts: [string, string][] = [];
  if (rx !== undefined) {
    const t = describePrescription(rx);
    facts.push(['Programme', `${t.mode}: ${t.dose} (${t.drug}, ${t.concentration})`]);
  }
  const pcb = record(s.interrogation['snapshot'])?.['patientBolus'];
  const drug = typeof status['drug'] === 'string' ? status['drug'] : undefined;
  if (pcb !== undefined) facts.push(['Patient-controlled bolus', patientBolusText(pcb, drug)]);
  const reservoir = number(status['reservoir']);
  if (reservoir !== undefined) facts.push(['Reservoir (calculated)', mL(reservoir)]);
  const battery = number(status['batteryPercent']);
  if (battery !== undefined) facts.push(['Battery', `${battery} %`]);
  const alarms = Array.isArray(status['alarms']) ? status['alarms'].map(String) : [];
  facts.push(['Pump alarms', alarms.length === 0 ? 'none' : alarms.join(', ')]);
  if (status['suspended'] === true) facts.push(['Delivery', 'STOPPED (suspended)']);
  const bolus = number(status['bolusRemaining']);
  if (bolus !== undefined && bolus > 0) facts.push(['Bolus still to deliver', massText(bolus, drug)]);
  return facts;
}

/** The pump's patient-controlled bolus setting as read, in the drug's unit (the change text's words). */
function patientBolusText(v: unknown, drug: string | undefined): string {
  const c = record(v);
  const [amount, lockout, maxPerDay] = [
    number(c?.['amount']),
    number(c?.['lockout']),
    number(c?.['maxPerDay']),
  ];
  if (amount === undefined || lockout === undefined || maxPerDay === undefined) return 'off';
  return `${massText(amount, drug)} per bolus, lockout ${lockout / 60_000} min, at most ${maxPerDay} a day`;
}

/** The changes as the timeline words them: a replaced programme is one line, not every field of both. */
function changesOf(s: ProgrammingSession): string[] {
  const mode = s.diff.filter((d) => d.path === 'mode');
  const drug = sessionDrug(s.interrogation);
  return (mode.length > 0 ? mode : s.diff).map((d) => changeText(d, drug));
}

function batteryText(s: SessionSummarySource, sessions: readonly ProgrammingSession[]): string {
  const percent = sessions
    .map((x) => number(record(lastReport(x)?.['status'])?.['batteryPercent']))
    .filter((p): p is number => p !== undefined)
    .at(-1);
  const eri = s.dates.battery?.eri ?? null;
  const level = percent === undefined ? 'level not reported' : `${percent} %`;
  if (eri === true) return `${level} - ERI reached: plan the pump replacement`;
  return eri === false ? `${level}, not at ERI` : `${level}, ERI unknown`;
}

/**
 * The steps worth a line on the chart: a write intent is bookkeeping (it is written before a write so a
 * crash cannot lose it; the workflow's own record says what the pump answered), and printed it read
 * "Outcome unknown (link lost)" beside the verified write it stood for; an interrogation that read exactly
 * what the step before it read adds a line and nothing else.
 */
function chartSteps(steps: readonly (SummaryStep & { readonly workflow: unknown })[]): SummaryStep[] {
  const out: SummaryStep[] = [];
  for (const { workflow, ...step } of steps) {
    if (workflow === INTENT_WORKFLOW) continue;
    const prev = out.at(-1);
    const readOnly = step.changes.length === 0 && step.outcome === null;
    if (readOnly && prev !== undefined && JSON.stringify(prev.read) === JSON.stringify(step.read)) continue;
    out.push(step);
  }
  return out;
}

/** The summary's content from the visit's records (pure). */
export function sessionSummaryData(s: SessionSummarySource): SessionSummaryData {
  // Every actor is named by the one resolver (src/clinic/actor-names.ts); one missing from the map reads
  // as the resolver reads an account it does not know.
  const name = (actor: string) => s.names.get(actor) ?? actorLabel(nameActor(actor, new Map()));
  const sessions = [...s.sessions].sort((a, b) => a.at - b.at || a.createdAt - b.createdAt);
  const all = sessions.map((x) => {
    const workflow = x.interrogation['workflow'];
    const write = record(x.interrogation['write']);
    const status = typeof write?.['status'] === 'string' ? write['status'] : null;
    return {
      workflow,
      at: x.at,
      by: name(x.createdBy),
      what: typeof workflow === 'string' ? (WORKFLOW_TEXT[workflow] ?? workflow) : 'Interrogation',
      read: readFacts(x),
      changes: changesOf(x),
      outcome: status === null ? null : (READBACK_TEXT[status] ?? status),
      guardrail: x.guardrail === null ? null : GUARDRAIL_TEXT[x.guardrail.verdict],
      reasons: (x.guardrail?.reasons ?? []).filter((r) => r.severity !== 'ok'),
      justification: x.justification,
    };
  });
  const steps = chartSteps(all);
  const refills: SummaryRefill[] = [...s.refills]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const d = r.reconciliation.discrepancyNl;
      return {
        at: r.at,
        by: name(r.createdBy),
        drug: `${DRUG_LIBRARY[r.drug].name}, ${concentrationText(r.concentrationNgPerMl, r.drug)}`,
        lot: r.lot,
        expected: mL(r.expectedResidualNl),
        measured: mL(r.measuredResidualNl),
        difference: `${d > 0 ? '+' : ''}${mL(d)} of a ${mL(r.reconciliation.reservoirNl)} reservoir`,
        verdict: r.reconciliation.verdict,
        reasons: r.reconciliation.reasons.map(reasonOnPaper),
        added: mL(r.volumeAddedNl),
        justification: r.justification,
      };
    });
  const last = sessions
    .map(lastReport)
    .filter((x) => x !== undefined)
    .at(-1);
  const rxAfter = last?.['prescription'] as PrescriptionJson | undefined;
  const after = rxAfter === undefined ? null : describePrescription(rxAfter);
  const drug =
    patientDrug(rxAfter === undefined ? null : { prescription: rxAfter }, [s.implant])?.drug ??
    [...s.refills].sort((a, b) => a.at - b.at).at(-1)?.drug ??
    null;
  const staff = [...new Set([...all.map((x) => x.by), ...refills.map((x) => x.by)])];
  return {
    patient: { name: s.patient.name, mrn: s.patient.mrn, birthDate: s.patient.birthDate },
    pump: {
      model: getProfile(s.implant.deviceProfileId).name,
      serial: s.implant.pumpSerial,
      battery: batteryText(s, sessions),
    },
    day: s.day,
    steps,
    refills,
    programmeAfter:
      after === null
        ? 'not read in this visit'
        : `${after.mode}: ${after.dose} (${after.drug}, ${after.concentration})`,
    drug,
    refillBy: s.dates.refillBy,
    openAlerts: s.openAlerts.map((a) => ({ severity: a.severity, message: a.message, since: a.since })),
    staff,
    printedAt: s.printedAt,
    printedBy: s.printedBy,
  };
}
