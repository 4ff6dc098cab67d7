/**
 * What the emergency card and the refill report print, built from clinic records (pure: time comes in).
 * Dates that decide a refill come in from the one projection of the patient's records
 * (clinic/patient-dates.ts), so the card, the report, the board and the wizard never disagree.
 */
import type { Appointment, Refill } from '../clinic/clinical-records.ts';
import { notDeliveringHead, type NotDelivering } from '../clinic/not-delivering.ts';
import type { PumpTherapy } from '../clinic/pump-contents.ts';
import type { ClinicContact, Implant, Patient } from '../clinic/records.ts';
import { patientDrug } from '../clinic/patient-drug.ts';
import { openRefillBooking } from '../clinic/refill-booking.ts';
import { getProfile } from '../pump/profiles.ts';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_LIBRARY } from '../therapy/drug-library.ts';
import { dailyDose } from '../therapy/dose-math.ts';
import { opioidStatusText } from '../therapy/opioid-status-text.ts';
import type { Weekday } from '../therapy/prescription.ts';
import { prescriptionFromJson, type PrescriptionJson } from '../therapy/prescription-json.ts';
import { formatConcentration, formatDose, formatVolume } from '../therapy/units.ts';

/**
 * A reason as paper prints it: its words and, when it cites one, its source — never its code, which is for
 * machines (the API, `--json`, the audit), not for the clinician reading the page.
 */
export function reasonOnPaper(r: { readonly message: string; readonly source?: string }): string {
  return r.source === undefined ? r.message : `${r.message} (source: ${r.source})`;
}

/** The prescription in words: drug, concentration, dose and mode. */
export interface TherapyText {
  readonly drug: string;
  readonly concentration: string;
  readonly dose: string;
  readonly mode: string;
}

/**
 * A pump that delivers no drug, as every paper prints it above the dose (clinic/not-delivering.ts): the
 * dose printed is programmed, not received. `at` writes the instant in the paper's zone, `day` its day
 * (said alone when only the day is on record).
 */
export const notDeliveringOnPaper = (
  stopped: NotDelivering,
  at: (ms: number) => string,
  day: (ms: number) => string,
): string =>
  `${notDeliveringHead(stopped, at, day)}. The dose below is programmed, not received: think of withdrawal.`;

/** Describes a JSON prescription for people (doses in the drug's label unit: drug-display.ts). */
export function describePrescription(p: PrescriptionJson | null, implant?: Implant): TherapyText {
  if (p === null)
    return { drug: 'none recorded', concentration: '-', dose: '-', mode: 'no prescription on record' };
  if (p.mode === 'stopped') return { drug: 'none', concentration: '-', dose: '0 mcg/day', mode: 'STOPPED' };
  const drug = DRUG_LIBRARY[p.drug].name;
  const unit = DRUG_LIBRARY[p.drug].labelUnit;
  const concentration = formatConcentration(Math.round(p.concentrationMcgPerMl * 1000), unit);
  switch (p.mode) {
    case 'simple-continuous':
      return {
        drug,
        concentration,
        dose: formatDose(Math.round(p.doseMcgPerDay * 1000), unit),
        mode: 'Simple continuous',
      };
    case 'minimum-rate': {
      const flow =
        implant === undefined ? undefined : getProfile(implant.deviceProfileId).minimumRateFlow.value;
      const dose =
        flow === undefined
          ? 'minimum rate'
          : formatDose(dailyDose(prescriptionFromJson(p), undefined, { minimumRateFlow: flow }), unit);
      return { drug, concentration, dose, mode: 'Minimum rate (catheter kept patent)' };
    }
    case 'flex': {
      const rx = prescriptionFromJson(p);
      const perDay = [0, 1, 2, 3, 4, 5, 6].map((w) => dailyDose(rx, w as Weekday));
      const lo = Math.min(...perDay);
      const hi = Math.max(...perDay);
      const dose =
        lo === hi
          ? `${formatDose(lo, unit)} (daily total)`
          : `${formatDose(lo, unit).replace(/ \S+$/, '')} to ${formatDose(hi, unit)} (varies by weekday)`;
      return { drug, concentration, dose, mode: 'Flexible (time-of-day steps)' };
    }
  }
}

/**
 * The next appointment (of `kind`, if given) at or after `now` that is still booked: a cancelled or
 * attended visit never prints as the next date (a patient trusting a cancelled refill date runs dry).
 */
export function nextAppointment(
  appointments: readonly Appointment[],
  now: number,
  kind?: Appointment['kind'],
): Appointment | undefined {
  return [...appointments]
    .filter((a) => a.status === 'booked' && a.at >= now && (kind === undefined || a.kind === kind))
    .sort((a, b) => a.at - b.at)[0];
}

/**
 * The appointments a paper may print as next: every refill booking a refill has closed left out, the open
 * one kept (clinic/refill-booking.ts) — an early refill's old booking is no next date for anyone.
 */
export function standingAppointments(
  appointments: readonly Appointment[],
  refills: readonly Refill[],
  now: number,
): Appointment[] {
  const open = openRefillBooking(appointments, refills, now);
  return appointments.filter((a) => a.kind !== 'refill' || a.id === open?.id);
}

export interface EmergencyCardData {
  readonly patient: { readonly name: string; readonly birthDate: string; readonly mrn: string };
  /** The drug in the pump (clinic/patient-drug.ts), whose emergency words the card prints; null if unrecorded. */
  readonly drug: DrugId | null;
  /** What the pump holds and runs, never a prescription the next refill brings in. */
  readonly therapy: TherapyText;
  /** A prescription on record whose contents the next refill brings in (said as pending), or null. */
  readonly nextRefillTherapy: TherapyText | null;
  /**
   * The pump delivers no drug (clinic/not-delivering.ts): the dose printed is programmed, not received.
   * Null while nothing on record says so.
   */
  readonly notDelivering: NotDelivering | null;
  /**
   * Who prescribed what the pump runs, by name (clinic/actor-names.ts; clinic/running-prescription.ts);
   * null with no prescription on record for it. Never the prescriber of a prescription pending its refill.
   */
  readonly prescribedBy: string | null;
  /** Who prescribed {@link nextRefillTherapy}, by name; null with nothing pending. */
  readonly nextRefillPrescribedBy: string | null;
  readonly pump: {
    readonly model: string;
    readonly serial: string;
    readonly reservoir: string;
    readonly implantDate: string;
  };
  readonly catheter: { readonly model: string; readonly tipLevel: string };
  /** The battery statement (ERI with its projected EOS, or EOS) in the patient page's words, or null. */
  readonly battery: string | null;
  readonly clinic: ClinicContact;
  /** Refill-by from the one projection of the patient's records, if known. */
  readonly refillBy: number | null;
  /** The next booked refill appointment, if any. */
  readonly nextRefillAppointment: number | null;
  /** With none booked, when the refill booking that passed with no refill was (a missed visit), else null. */
  readonly missedRefillBooking: number | null;
  /** Withdrawal high-risk factors (label boxed warning), in words. */
  readonly highRisk: readonly string[];
  /** Opioid-naive, opioid-tolerant or not recorded (therapy/opioid-status-text.ts). */
  readonly opioidStatus: string;
  /** When the card was issued (also the PDF's creation date). */
  readonly issuedAt: number;
}

export interface CardSource {
  readonly patient: Patient;
  readonly implant: Implant;
  /**
   * What the pump holds and runs, and a prescription waiting for its refill (the patient's dates, from
   * clinic/pump-contents.ts `pumpTherapy`); null with no prescription.
   */
  readonly therapy: PumpTherapy | null;
  /** Whether the pump delivers, from the same dates (clinic/not-delivering.ts `notDelivering`). */
  readonly notDelivering: NotDelivering | null;
  /**
   * Who prescribed what the pump runs and the prescription pending its refill (clinic/running-prescription.ts
   * `therapyRecords`), each by name and role as the one resolver gives it (`actorLabel`); null when none.
   */
  readonly prescribedBy: { readonly runs: string | null; readonly pending: string | null };
  /** Refill-by from the one projection (clinic/patient-dates.ts), if known. */
  readonly refillBy: number | null;
  readonly appointments: readonly Appointment[];
  /**
   * The refill booking that passed with no refill recorded (clinic/refill-booking.ts passedRefillBooking,
   * the rule the patient page and the patient's own view say it by), or null.
   */
  readonly missedRefillBooking: number | null;
  /**
   * The battery statement of the patient's dates (clinic/battery-concern.ts batteryConcern, the words the
   * patient page shows), or null when the pump is at neither ERI nor EOS.
   */
  readonly battery: string | null;
  readonly now: number;
}

/** The emergency card's content from the patient's records. */
export function emergencyCardData(s: CardSource): EmergencyCardData {
  const runs = s.therapy?.runs ?? null;
  const pending = s.therapy?.pending ?? null;
  const profile = getProfile(s.implant.deviceProfileId);
  const h = s.patient.highRisk;
  const risk = [
    h.injuryAtT6OrAbove ? 'spinal cord injury at T6 or above' : null,
    h.cannotCommunicate ? 'cannot communicate symptoms' : null,
    h.priorWithdrawal ? 'previous withdrawal' : null,
  ].filter((x): x is string => x !== null);
  return {
    patient: { name: s.patient.name, birthDate: s.patient.birthDate, mrn: s.patient.mrn },
    drug: patientDrug(runs === null ? null : { prescription: runs }, [s.implant])?.drug ?? null,
    therapy: describePrescription(runs, s.implant),
    nextRefillTherapy: pending === null ? null : describePrescription(pending, s.implant),
    notDelivering: s.notDelivering,
    prescribedBy: s.prescribedBy.runs,
    nextRefillPrescribedBy: pending === null ? null : s.prescribedBy.pending,
    pump: {
      model: profile.name,
      serial: s.implant.pumpSerial,
      reservoir: formatVolume(profile.reservoir.value),
      implantDate: s.implant.implantDate,
    },
    catheter: { model: s.implant.catheter.model, tipLevel: s.implant.catheter.tipLevel },
    battery: s.battery,
    clinic: s.patient.clinicContact,
    refillBy: s.refillBy,
    nextRefillAppointment: nextAppointment(s.appointments, s.now, 'refill')?.at ?? null,
    missedRefillBooking: s.missedRefillBooking,
    highRisk: risk,
    opioidStatus: opioidStatusText(s.patient.opioidStatus),
    issuedAt: s.now,
  };
}
