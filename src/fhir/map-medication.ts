/**
 * Prescriptions → a MedicationRequest chain (`priorPrescription`, route 72607000, rates in UCUM `ug/d`), and
 * MedicationAdministrations for what was given: screening boluses, and the periods each programmed
 * prescription ran on the pump (from programming sessions, when the pump held the contents it names; as
 * programmed, not measured — the clinic cannot see the pump's true delivery, docs/clinical-reference.md §3).
 */
import { stopOrResume } from '../clinic/delivery-stop.ts';
import type { NoDrugSpan } from '../clinic/no-drug-spans.ts';
import { concentrationText, doseText, massText } from '../therapy/drug-display.ts';
import type { PrescriptionRecord, ProgrammingSession, Trial } from '../clinic/clinical-records.ts';
import {
  heldContents,
  knownAt,
  pumpStates,
  pumpTherapy,
  type PumpRecords,
  type PumpState,
} from '../clinic/pump-contents.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import type { Weekday } from '../therapy/prescription.ts';
import { prescriptionFromJson, WEEKDAY_NAMES, type PrescriptionJson } from '../therapy/prescription-json.ts';
import { formatNumber, formatVolume } from '../therapy/units.ts';
import type { CodeableConcept } from './datatypes.ts';
import {
  actorRef,
  fhirIdOf,
  INTRATHECAL,
  instant,
  medicationConcept,
  ref,
  ug,
  ugPerDay,
} from './map-common.ts';
import type { MedicationAdministrationResource, MedicationRequestResource } from './schemas.ts';

type Dosage = NonNullable<MedicationRequestResource['dosageInstruction']>[number];
type DayJson = Extract<PrescriptionJson, { mode: 'flex' }>['everyDay'];

const NO_DRUG: CodeableConcept = { text: 'No drug: pump stopped' };
const DAY_CODES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const hhmm = (minute: number): string =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The drug concept of a JSON prescription (none when stopped). */
export function prescriptionMedication(p: PrescriptionJson): CodeableConcept {
  return p.mode === 'stopped'
    ? NO_DRUG
    : medicationConcept(p.drug, Math.round(p.concentrationMcgPerMl * 1000));
}

/** One flex day's steps and boluses as Dosages on `days` (all days when undefined). */
function flexDay(
  day: DayJson,
  label: string,
  days: readonly (typeof DAY_CODES)[number][] | undefined,
  seq: { n: number },
  drug: string,
): Dosage[] {
  const on = days === undefined ? {} : { dayOfWeek: [...days] };
  const out: Dosage[] = day.steps.map((s, i) => {
    const end = day.steps[i + 1]?.startMinute ?? 1440;
    return {
      sequence: seq.n++,
      text: `${label} ${hhmm(s.startMinute)}-${hhmm(end)}: ${doseText(s.doseMcgPerDay * 1000, drug)}`,
      timing: { repeat: { ...on, timeOfDay: [`${hhmm(s.startMinute)}:00`] } },
      route: INTRATHECAL,
      doseAndRate: [{ rateQuantity: ugPerDay(Math.round(s.doseMcgPerDay * 1000)) }],
    };
  });
  for (const b of day.boluses) {
    out.push({
      sequence: seq.n++,
      text: `${label} bolus at ${hhmm(b.startMinute)}: ${massText(b.amountMcg * 1000, drug)} over ${formatNumber(b.durationMinutes, 1)} min`,
      timing: {
        repeat: {
          ...on,
          timeOfDay: [`${hhmm(b.startMinute)}:00`],
          duration: b.durationMinutes,
          durationUnit: 'min',
        },
      },
      route: INTRATHECAL,
      doseAndRate: [{ doseQuantity: ug(Math.round(b.amountMcg * 1000)) }],
    });
  }
  return out;
}

/** The dosage instructions of a JSON prescription. */
export function dosageOf(p: PrescriptionJson): Dosage[] {
  switch (p.mode) {
    case 'stopped':
      return [{ text: 'Pump stopped: no drug delivered. Do not stop baclofen abruptly (withdrawal risk).' }];
    case 'minimum-rate':
      return [
        {
          text: `Minimum rate (keeps the catheter patent), ${concentrationText(p.concentrationMcgPerMl * 1000, p.drug)}`,
          route: INTRATHECAL,
        },
      ];
    case 'simple-continuous':
      return [
        {
          sequence: 1,
          text: `${doseText(p.doseMcgPerDay * 1000, p.drug)} continuous`,
          route: INTRATHECAL,
          doseAndRate: [{ rateQuantity: ugPerDay(Math.round(p.doseMcgPerDay * 1000)) }],
        },
      ];
    case 'flex': {
      const seq = { n: 1 };
      const variants = WEEKDAY_NAMES.map((name, w) => [w, p.byWeekday?.[name]] as const).filter(
        (e): e is readonly [number, DayJson] => e[1] !== undefined,
      );
      const overridden = new Set(variants.map(([w]) => w));
      const everyDays = DAY_CODES.filter((_, w) => !overridden.has(w));
      const out =
        everyDays.length > 0
          ? flexDay(p.everyDay, 'Flex', overridden.size > 0 ? everyDays : undefined, seq, p.drug)
          : [];
      for (const [w, day] of variants)
        out.push(...flexDay(day, `Flex ${WEEKDAY_NAMES[w]}`, [DAY_CODES[w] ?? 'sun'], seq, p.drug));
      return out;
    }
  }
}

/**
 * What the head of the chain is: `active` while a pump in place runs it; `on-hold` while the clinic has
 * stopped delivery (a verified stop no resume followed: clinic/delivery-stop.ts; FHIR's "temporarily halted,
 * expected to continue"); `stopped` once the last pump was removed and not replaced (clinic/implant-in-use.ts).
 */
export type HeadState =
  { readonly status: 'active' | 'stopped' } | { readonly status: 'on-hold'; readonly since: number };

/**
 * The prescription chain (oldest first, as the store returns it) as MedicationRequests: the head as
 * {@link HeadState} says, every prescription before it `stopped`.
 */
export function prescriptionsToFhir(
  chain: readonly PrescriptionRecord[],
  patientId: string,
  head: HeadState = { status: 'active' },
): MedicationRequestResource[] {
  const headId = chain.at(-1)?.id;
  return chain.map((rx) => {
    const notes = [
      ...rx.reasons.filter((r) => r.severity !== 'ok').map((r) => ({ text: `${r.code}: ${r.message}` })),
    ];
    if (rx.justification !== null) notes.push({ text: `Override justification: ${rx.justification}` });
    if (rx.id === headId && head.status === 'on-hold') {
      notes.push({
        text: `Delivery stopped by the clinic since ${instant(head.since)}: no drug is delivered`,
      });
    }
    const out: MedicationRequestResource = {
      resourceType: 'MedicationRequest',
      id: fhirIdOf(rx.id),
      // A replaced prescription was halted before its (open-ended) course ended: `stopped`, not `completed`.
      status: rx.id === headId ? head.status : 'stopped',
      intent: 'order',
      medicationCodeableConcept: prescriptionMedication(rx.prescription),
      subject: ref('Patient', patientId),
      authoredOn: instant(rx.createdAt),
      requester: actorRef(rx.createdBy),
      dosageInstruction: dosageOf(rx.prescription),
    };
    if (rx.prescription.mode === 'stopped') out.doNotPerform = true;
    if (notes.length > 0) out.note = notes;
    if (rx.priorId !== null) out.priorPrescription = ref('MedicationRequest', fhirIdOf(rx.priorId));
    return out;
  });
}

/** Mean daily dose over a week in ng/day (flex schedules may differ by weekday). */
function weeklyMeanDose(p: PrescriptionJson): number {
  const rx = prescriptionFromJson(p);
  let sum = 0;
  for (let w = 0; w < 7; w++) sum += dailyDose(rx, w as Weekday);
  return Math.round(sum / 7);
}

/**
 * Whether the pump held the contents `rx` names when session `s` was recorded: the pump's own states of that
 * implant up to the session (its refills, initial fill and the session's own read-back: clinic/pump-contents.ts),
 * read as the board reads them (`pumpTherapy`: a prescription naming other contents is pending, not run).
 * Unknown contents (no state names them) do not refuse it.
 */
function pumpRan(rx: PrescriptionRecord, s: ProgrammingSession, states: readonly PumpState[]): boolean {
  const at = knownAt(s);
  const held = heldContents(states.filter((x) => x.implantId === s.implantId && x.at <= at));
  return pumpTherapy(rx.prescription, held).pending === null;
}

/**
 * Delivered periods: each programming session that programmed a prescription the pump held the contents of
 * starts a period that ends at the next such session. A session linked to a prescription whose contents the
 * pump did not hold then (a new concentration on record, waiting for the refill that brings it in) starts
 * none: the pump still ran what it held (finding: the new concentration was said administered from a
 * session before its refill). Stopped and minimum-rate prescriptions give no administration of a dose.
 * The clinic's verified stop ends the period and its resume starts the next, of the prescription the pump
 * then holds (clinic/delivery-stop.ts); a prescription programmed while stopped runs from the resume (the
 * pump keeps a stop through programme writes). Before, a period ran on through a stop: the record said the
 * drug was administered while the patient had none. So do an EMPTY reservoir and an explant (`noDrug`,
 * clinic/no-drug-spans.ts): a period ends where one begins and goes on, as a new piece, where it ends.
 */
export function deliveredPeriodsToFhir(
  pump: Omit<PumpRecords, 'sessions'> & { readonly sessions: readonly ProgrammingSession[] },
  chain: readonly PrescriptionRecord[],
  patientId: string,
  noDrug: readonly NoDrugSpan[] = [],
): MedicationAdministrationResource[] {
  const byId = new Map(chain.map((rx) => [rx.id, rx]));
  const states = pumpStates(pump);
  const periods: { start: ProgrammingSession; rx: PrescriptionRecord; end?: number }[] = [];
  let running: PrescriptionRecord | undefined;
  let stopped = false;
  const close = (at: number) => {
    const open = periods.at(-1);
    if (open !== undefined && open.end === undefined) open.end = at;
  };
  for (const s of [...pump.sessions].sort((a, b) => a.at - b.at)) {
    const change = stopOrResume(s);
    if (change === 'stop') {
      close(s.at);
      stopped = true;
      continue;
    }
    if (change === 'resume') {
      stopped = false;
      if (running !== undefined) periods.push({ start: s, rx: running });
      continue;
    }
    const rx = s.prescriptionId === null ? undefined : byId.get(s.prescriptionId);
    if (rx === undefined || !pumpRan(rx, s, states)) continue;
    running = rx;
    if (stopped) continue;
    close(s.at);
    periods.push({ start: s, rx });
  }
  return periods.flatMap(({ start: s, rx, end }): MedicationAdministrationResource[] => {
    const p = rx.prescription;
    if (p.mode === 'stopped' || p.mode === 'minimum-rate') return [];
    const pieces = withoutNoDrug(
      s.at,
      end,
      noDrug.filter((x) => x.implantId === s.implantId),
    );
    return pieces.map((piece, k) => ({
      resourceType: 'MedicationAdministration',
      id: fhirIdOf(s.id, k === 0 ? 'delivery' : `delivery-${k}`),
      status: piece.to === undefined ? 'in-progress' : 'completed',
      medicationCodeableConcept: prescriptionMedication(p),
      subject: ref('Patient', patientId),
      effectivePeriod:
        piece.to === undefined
          ? { start: instant(piece.from) }
          : { start: instant(piece.from), end: instant(piece.to) },
      request: ref('MedicationRequest', fhirIdOf(rx.id)),
      device: [ref('Device', fhirIdOf(s.implantId, 'pump'))],
      note: [
        {
          text: 'Delivery as programmed on the pump (not measured); the rate is the weekly mean daily dose.',
        },
        ...(piece.endedBy === undefined ? [] : [{ text: NO_DRUG_TEXT[piece.endedBy] }]),
      ],
      dosage: { route: INTRATHECAL, rateQuantity: ugPerDay(weeklyMeanDose(p)) },
    }));
  });
}

const NO_DRUG_TEXT: Record<NoDrugSpan['why'], string> = {
  empty: 'Ended when the reservoir ran empty (calculated): no drug was delivered until the next refill.',
  explanted: 'Ended when the pump was explanted.',
  'pump-stopped':
    'Ended when the pump reported it had stopped delivering (its alert closed when it ran again).',
};

/**
 * The parts of the period from `from` to `to` (undefined: still running) outside the spans in which the
 * pump delivered nothing (clinic/no-drug-spans.ts), each with what ended it when a span did.
 */
function withoutNoDrug(
  from: number,
  to: number | undefined,
  spans: readonly NoDrugSpan[],
): { from: number; to: number | undefined; endedBy?: NoDrugSpan['why'] }[] {
  const end = to ?? Number.POSITIVE_INFINITY;
  const pieces: { from: number; to: number | undefined; endedBy?: NoDrugSpan['why'] }[] = [];
  let cur = from;
  for (const span of [...spans].sort((a, b) => a.from - b.from)) {
    const spanEnd = span.to ?? Number.POSITIVE_INFINITY;
    if (spanEnd <= cur || span.from >= end) continue;
    if (span.from > cur) pieces.push({ from: cur, to: span.from, endedBy: span.why });
    cur = spanEnd;
    if (cur >= end) break;
  }
  if (cur < end) pieces.push({ from: cur, to });
  return pieces;
}

/** A screening trial's test bolus (docs/clinical-reference.md §1.1) as a MedicationAdministration, part of its Procedure. */
export function trialBolusToFhir(t: Trial, patientId: string): MedicationAdministrationResource {
  return {
    resourceType: 'MedicationAdministration',
    id: fhirIdOf(t.id, 'bolus'),
    status: 'completed',
    medicationCodeableConcept: medicationConcept('baclofen', t.concentrationNgPerMl),
    subject: ref('Patient', patientId),
    partOf: [ref('Procedure', fhirIdOf(t.id))],
    effectiveDateTime: instant(t.at),
    dosage: {
      text: `Screening bolus ${formatNumber(t.doseNg / 1000, 3)} mcg in ${formatVolume(t.volumeNl)} (${t.method})`,
      route: INTRATHECAL,
      dose: ug(t.doseNg),
    },
  };
}
