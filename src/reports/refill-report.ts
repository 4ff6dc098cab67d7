/**
 * The refill report (one A4 page): who refilled what, when; expected vs measured residual with the
 * reconciliation verdict and its reasons (Maino 2017: > 1 mL in a 20 mL pump, > 2 mL in a 40 mL pump is
 * potentially consequential); volume added and new reservoir volume; the prescription in force; and the
 * dates that keep the reservoir from running dry (low alarm, refill-by, next appointment: docs/clinical-reference.md §3).
 */
import { calendarDayText, dayText, instantText } from '../therapy/date-text.ts';
import { drugEmergency } from '../therapy/drug-emergency.ts';
import { renderReasonTimes } from '../therapy/verdict.ts';
import type { Appointment, PrescriptionRecord, Refill } from '../clinic/clinical-records.ts';
import type { Implant, Patient } from '../clinic/records.ts';
import { getProfile } from '../pump/profiles.ts';
import { DRUG_LIBRARY } from '../therapy/drug-library.ts';
import { formatConcentration, formatVolume } from '../therapy/units.ts';
import { FONT, newDocument, pdfText, refillByOnPaper, toBuffer, type PdfOptions } from './pdf-common.ts';
import { REPORT_MARGIN, row, section } from './pdf-sections.ts';
import {
  describePrescription,
  nextAppointment,
  notDeliveringOnPaper,
  reasonOnPaper,
  type TherapyText,
} from './report-data.ts';
import type { NotDelivering } from '../clinic/not-delivering.ts';

export interface RefillReportData {
  readonly patient: { readonly name: string; readonly mrn: string; readonly birthDate: string };
  readonly pump: { readonly model: string; readonly serial: string };
  readonly refill: Refill;
  readonly prescription: TherapyText;
  readonly lowAlarmAt: number | null;
  readonly refillBy: number | null;
  readonly nextAppointment: number | null;
  /** Who recorded the refill, by name (the record's actor id when no name is known). */
  readonly performedBy: string;
  /** The pump delivers no drug after the refill (a stop the refill kept), or null. */
  readonly notDelivering: NotDelivering | null;
  /** When the report is printed: its dates, projected at the refill, may have passed since. */
  readonly printedAt: number;
  /** The next refill recorded after this one (its dates then replace this report's), or null. */
  readonly laterRefillAt: number | null;
}

export interface RefillSource {
  readonly patient: Patient;
  readonly implant: Implant;
  readonly refill: Refill;
  /** The prescription in force after the refill. */
  readonly prescription: PrescriptionRecord | null;
  readonly appointments: readonly Appointment[];
  /** The dates of the one projection (clinic/patient-dates.ts) as the records stood at the refill. */
  readonly dates: { readonly lowAlarmAt: number | null; readonly refillBy: number | null };
  /** The name of the person who recorded the refill, when the caller knows it. */
  readonly performedBy?: string;
  /**
   * Whether the pump delivers, from the same dates (clinic/not-delivering.ts `notDelivering`): a refill
   * keeps the clinic's stop, and the report printed the dose as if it ran.
   */
  readonly notDelivering?: NotDelivering | null;
  /** When the report is printed (default: the refill's time, the report as it was handed out then). */
  readonly printedAt?: number;
  /** The refills of the patient: the first after this one supersedes this report's dates. */
  readonly refills?: readonly Refill[];
}

/** The report's content from the records (pure). */
export function refillReportData(s: RefillSource): RefillReportData {
  const rx = s.prescription?.prescription ?? null;
  const { dates } = s;
  return {
    patient: { name: s.patient.name, mrn: s.patient.mrn, birthDate: s.patient.birthDate },
    pump: { model: getProfile(s.implant.deviceProfileId).name, serial: s.implant.pumpSerial },
    refill: s.refill,
    prescription: describePrescription(rx, s.implant),
    lowAlarmAt: dates.lowAlarmAt,
    refillBy: dates.refillBy,
    nextAppointment: nextAppointment(s.appointments, s.refill.at)?.at ?? null,
    performedBy: s.performedBy ?? s.refill.createdBy,
    notDelivering: s.notDelivering ?? null,
    printedAt: s.printedAt ?? s.refill.at,
    laterRefillAt: (s.refills ?? [])
      .filter((x) => x.id !== s.refill.id && x.at > s.refill.at)
      .reduce<number | null>((first, x) => (first === null || x.at < first ? x.at : first), null),
  };
}

const M = REPORT_MARGIN;

const VERDICT_TEXT = {
  ok: ['OK - within the discrepancy limit', '#1b5e20'],
  warn: ['DISCREPANCY - investigate before relying on the pump', '#b00020'],
  block: ['BLOCKED - do not refill until resolved', '#b00020'],
} as const;

/** The refill report PDF (one A4 page); identical bytes for identical data. */
export function refillReportPdf(d: RefillReportData, opts: PdfOptions = {}): Promise<Buffer> {
  const r = d.refill;
  const tz = opts.timeZone ?? 'UTC';
  const doc = newDocument(`Refill report - ${d.patient.name} - ${dayText(r.at, tz)}`, r.at, 'A4', M, opts);
  doc.font(FONT.bold).fontSize(16).text('Intrathecal pump refill report', M, undefined, { structType: 'H1' });
  doc
    .font(FONT.regular)
    .fontSize(10)
    .text(
      pdfText(`${d.patient.name}  |  born ${calendarDayText(d.patient.birthDate)}  |  MRN ${d.patient.mrn}`),
    );
  doc.text(pdfText(`Pump ${d.pump.model}, serial ${d.pump.serial}`));

  section(doc, 'Refill');
  row(doc, 'Date and time', instantText(r.at, tz));
  row(doc, 'Performed by', d.performedBy);
  row(
    doc,
    'Drug',
    `${DRUG_LIBRARY[r.drug].name}, ${formatConcentration(r.concentrationNgPerMl, DRUG_LIBRARY[r.drug].labelUnit)}`,
  );
  row(doc, 'Lot', r.lot);

  section(doc, 'Residual reconciliation');
  const rec = r.reconciliation;
  const [verdictText, color] = VERDICT_TEXT[rec.verdict];
  row(doc, 'Expected residual (pump)', formatVolume(r.expectedResidualNl));
  row(doc, 'Measured residual (drained)', formatVolume(r.measuredResidualNl));
  const sign = rec.discrepancyNl > 0 ? '+' : '';
  row(
    doc,
    'Difference (measured - expected)',
    `${sign}${formatVolume(rec.discrepancyNl)} of a ${formatVolume(rec.reservoirNl)} reservoir`,
  );
  row(doc, 'Verdict', verdictText, color);
  for (const reason of rec.reasons.map((x) => renderReasonTimes(x, (ms) => instantText(ms, tz))))
    row(doc, reason.severity === 'ok' ? 'Note' : 'Reason', reasonOnPaper(reason));
  if (r.justification !== null) row(doc, 'Justification (override)', r.justification);

  section(doc, 'Reservoir');
  row(doc, 'Volume added', formatVolume(r.volumeAddedNl));
  row(doc, 'New reservoir volume', `${formatVolume(r.volumeAddedNl)} (residual drained and discarded)`);

  section(doc, 'Prescription in force');
  if (d.notDelivering !== null)
    row(
      doc,
      'Delivery',
      notDeliveringOnPaper(
        d.notDelivering,
        (ms) => instantText(ms, tz),
        (ms) => dayText(ms, tz),
      ),
      '#b00020',
    );
  row(doc, 'Drug', `${d.prescription.drug}, ${d.prescription.concentration}`);
  row(doc, 'Dose', d.prescription.dose);
  row(doc, 'Mode', d.prescription.mode);

  section(doc, 'Next dates');
  row(
    doc,
    'Low-reservoir alarm (projected)',
    d.lowAlarmAt === null ? 'none projected' : instantText(d.lowAlarmAt, tz),
  );
  // Printed after a later refill, its dates are that refill's to give; printed after they passed with no
  // refill since, they are said PASSED, as the card and the session summary printed then say them.
  const later =
    d.laterRefillAt === null ? '' : `  (superseded: refilled again ${dayText(d.laterRefillAt, tz)})`;
  row(
    doc,
    'Refill by',
    d.refillBy === null
      ? 'unknown - set a date manually'
      : later === ''
        ? refillByOnPaper(d.refillBy, d.printedAt, tz, 'PASSED: the refill is overdue')
        : `${dayText(d.refillBy, tz)}${later}`,
    '#b00020',
  );
  const late = d.nextAppointment !== null && d.refillBy !== null && d.nextAppointment > d.refillBy;
  const passed = later === '' && d.nextAppointment !== null && d.nextAppointment < d.printedAt;
  row(
    doc,
    'Next appointment',
    d.nextAppointment === null
      ? 'NONE BOOKED - book before the refill-by date'
      : `${instantText(d.nextAppointment, tz)}${late ? ' - AFTER refill-by: rebook' : ''}${passed ? '  (PASSED, no refill since)' : ''}`,
    d.nextAppointment === null || late || passed ? '#b00020' : 'black',
  );

  doc.moveDown(1.5).font(FONT.oblique).fontSize(8).fillColor('#555555');
  doc.text(
    pdfText(
      `The reservoir volume is calculated by the pump, not sensed. ${drugEmergency(d.refill.drug).paperNote} Projections assume the prescription above and the pump's default low-reservoir alarm.`,
    ),
    M,
  );
  return toBuffer(doc);
}
