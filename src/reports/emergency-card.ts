/**
 * The patient's emergency card: two A6 pages (front: who, what drug, which pump, whom to call; back: the
 * signs of withdrawal and overdose and what to do), in the words of the drug in the pump
 * (therapy/drug-emergency.ts). For baclofen, withdrawal is the label's boxed warning: an abrupt stop can
 * progress within 24-72 h to rhabdomyolysis, multi-organ failure and death (docs/clinical-reference.md §2),
 * so its card leads with "do not stop abruptly" and the clinic's number; an opioid's card names naloxone.
 */
import { calendarDayText, dayText } from '../therapy/date-text.ts';
import { drugEmergency } from '../therapy/drug-emergency.ts';
import { notDeliveringOnPaper, type EmergencyCardData } from './report-data.ts';
import {
  A6,
  decoration,
  FONT,
  newDocument,
  pdfText,
  refillByOnPaper,
  toBuffer,
  type PdfOptions,
} from './pdf-common.ts';

const RED = '#b00020';
const M = 14;

type Doc = PDFKit.PDFDocument;
const W = (doc: Doc) => doc.page.width - 2 * M;

function banner(doc: Doc, text: string): void {
  const y = doc.y;
  const t = pdfText(text);
  // One line on the red band whatever the font's width: shrink to fit, never wrap under the band.
  let size = 10;
  doc.font(FONT.bold);
  while (size > 6 && doc.fontSize(size).widthOfString(t) > W(doc) - 6) size -= 0.5;
  decoration(doc, () => doc.rect(M, y, W(doc), 20).fill(RED));
  doc
    .fillColor('white')
    .fontSize(size)
    .text(t, M, y + 5, { width: W(doc), align: 'center', structType: 'H1' });
  doc.fillColor('black').moveDown(0.6);
  doc.x = M;
}

function heading(doc: Doc, text: string, color = 'black'): void {
  doc
    .moveDown(0.25)
    .font(FONT.bold)
    .fontSize(8)
    .fillColor(color)
    .text(pdfText(text.toUpperCase()), M, doc.y, { width: W(doc), structType: 'H2' });
  doc.fillColor('black');
}

function row(doc: Doc, label: string, value: string): void {
  const y = doc.y;
  doc.font(FONT.regular).fontSize(8).fillColor('#444444').text(pdfText(label), M, y, { width: 78 });
  const yLabel = doc.y;
  doc
    .font(FONT.bold)
    .fontSize(8.5)
    .fillColor('black')
    .text(pdfText(value), M + 80, y, { width: W(doc) - 80 });
  doc.y = Math.max(doc.y, yLabel) + 1;
}

function bullets(doc: Doc, items: readonly string[], size = 8.5): void {
  doc.font(FONT.regular).fontSize(size);
  for (const item of items) {
    // Hanging indent: the dash on its own, wrapped lines aligned with the text.
    const y = doc.y;
    doc.text('-', M + 4, y);
    doc.text(pdfText(item), M + 12, y, { width: W(doc) - 12 });
  }
}

function front(doc: Doc, d: EmergencyCardData, tz: string): void {
  const e = drugEmergency(d.drug);
  banner(doc, e.title);
  doc
    .font(FONT.bold)
    .fontSize(9)
    .fillColor(RED)
    .text(pdfText(e.warning), M, doc.y, {
      width: W(doc),
      align: 'center',
    });
  doc.fillColor('black');
  heading(doc, 'Patient');
  row(doc, 'Name', d.patient.name);
  row(doc, 'Born / MRN', `${calendarDayText(d.patient.birthDate)}  /  ${d.patient.mrn}`);
  if (d.highRisk.length > 0) row(doc, 'HIGH RISK', `withdrawal high risk: ${d.highRisk.join('; ')}`);
  // Whether the patient takes opioids decides how an emergency team doses them (respiratory depression).
  row(doc, 'Opioid status', d.opioidStatus);
  heading(doc, 'Implanting clinic - call first', RED);
  row(doc, 'Clinic', d.clinic.clinic);
  row(doc, 'Phone', d.clinic.phone);
  if (d.clinic.afterHoursPhone !== undefined) row(doc, 'After hours', d.clinic.afterHoursPhone);
  if (d.clinic.email !== undefined) row(doc, 'E-mail', d.clinic.email);
  heading(doc, 'Therapy');
  // A pump that delivers nothing: the dose below is programmed, not received (clinic/not-delivering.ts).
  const stopped = d.notDelivering;
  if (stopped !== null) {
    doc
      .font(FONT.bold)
      .fontSize(8.5)
      .fillColor(RED)
      .text(
        pdfText(
          notDeliveringOnPaper(
            stopped,
            (ms) => dayText(ms, tz),
            (ms) => dayText(ms, tz),
          ),
        ),
        M + 4,
        doc.y,
        {
          width: W(doc) - 4,
        },
      );
    doc.fillColor('black');
  }
  row(doc, 'Drug', d.therapy.drug);
  // What is in the pump: a clinician in an emergency doses and reasons from it. A new prescription is
  // said as what the next refill brings, never as the pump's contents.
  const next = d.nextRefillTherapy;
  row(doc, 'Concentration', `${d.therapy.concentration}${next === null ? '' : ' (in the pump now)'}`);
  row(doc, 'Dose', d.therapy.dose);
  row(doc, 'Mode', d.therapy.mode);
  if (next !== null) {
    const drug = next.drug === d.therapy.drug ? '' : `${next.drug} `;
    row(
      doc,
      'From next refill',
      `${drug}${next.concentration}, ${next.dose} (prescribed, not yet in the pump)`,
    );
  }
  // Who prescribed what the pump runs now; a prescription waiting for its refill is named apart.
  if (d.prescribedBy !== null) row(doc, 'Prescribed by', d.prescribedBy);
  if (next !== null && d.nextRefillPrescribedBy !== null)
    row(doc, 'Next prescribed by', d.nextRefillPrescribedBy);
  heading(doc, 'Pump and catheter');
  row(doc, 'Pump', d.pump.model);
  row(doc, 'Serial / reservoir', `${d.pump.serial}  /  ${d.pump.reservoir}`);
  row(doc, 'Implanted', calendarDayText(d.pump.implantDate));
  row(doc, 'Catheter', `${d.catheter.model}, tip at ${d.catheter.tipLevel}`);
  // A pump at ERI or EOS stops delivering: said on the card, in full on the back (the front has no room).
  if (d.battery !== null) row(doc, 'Battery', 'REPLACEMENT DUE - see the back');
  heading(doc, 'Next refill');
  row(
    doc,
    'Refill due by',
    d.refillBy === null
      ? 'ask the clinic'
      : refillByOnPaper(d.refillBy, d.issuedAt, tz, 'PASSED: call the clinic today'),
  );
  const booked = d.nextRefillAppointment;
  const late = booked !== null && d.refillBy !== null && booked > d.refillBy;
  // A visit booked and missed is said as the patient's own view says it, never as "no appointment booked".
  const missed = d.missedRefillBooking;
  row(
    doc,
    'Booked',
    booked !== null
      ? `${dayText(booked, tz)}${late ? '  (AFTER the due date: call the clinic)' : ''}`
      : missed !== null
        ? `${dayText(missed, tz)}  (MISSED, no refill since: call the clinic today)`
        : 'no appointment booked',
  );
  doc
    .font(FONT.regular)
    .fontSize(6.5)
    .fillColor('#666666')
    .text(
      pdfText(`Issued ${dayText(d.issuedAt, tz)}. Signs and what to do: see the back.`),
      M,
      doc.page.height - M - 10,
      { width: W(doc), align: 'center' },
    );
  doc.fillColor('black');
}

function back(doc: Doc, d: EmergencyCardData): void {
  const e = drugEmergency(d.drug);
  banner(doc, 'SIGNS AND WHAT TO DO');
  if (d.battery !== null) {
    // The patient page's battery statement, in its words (clinic/battery-concern.ts).
    heading(doc, 'Pump battery', RED);
    doc
      .font(FONT.bold)
      .fontSize(7.5)
      .text(pdfText(d.battery), M + 4, doc.y, { width: W(doc) - 4 });
  }
  if (e.withdrawal !== null) {
    heading(doc, 'Withdrawal (dose too low or stopped)', RED);
    bullets(doc, e.withdrawal.signs);
    doc
      .font(FONT.oblique)
      .fontSize(7.5)
      .text(pdfText(e.withdrawal.course), M + 4, doc.y, { width: W(doc) - 4 });
  }
  if (e.overdoseSigns.length > 0) {
    heading(doc, e.overdoseHeading, RED);
    bullets(doc, e.overdoseSigns);
  }
  heading(doc, 'What to do');
  const phone =
    d.clinic.afterHoursPhone === undefined
      ? d.clinic.phone
      : `${d.clinic.phone} (after hours ${d.clinic.afterHoursPhone})`;
  bullets(
    doc,
    [
      `Call the clinic: ${phone}. If severe (breathing, seizures, high fever, confusion): call emergency services now and show this card.`,
      ...e.whatToDo,
      'MRI: the scan can stop the pump (motor stall for hours, or a valve that stays closed until reset). Tell the radiology team; the pump must be checked after every MRI.',
      // The alarms as the patient's own view says them (docs/clinical-reference.md §3 "Alarms").
      'A single tone about every hour: call the clinic the same day.',
      'Two tones repeating: the pump may have stopped - call the clinic now; if unreachable, emergency services.',
    ],
    8,
  );
}

/** The emergency card as a 2-page A6 PDF; identical bytes for identical data. */
export function emergencyCardPdf(data: EmergencyCardData, opts: PdfOptions = {}): Promise<Buffer> {
  const doc = newDocument(`Emergency card - ${data.patient.name}`, data.issuedAt, A6, M, opts);
  front(doc, data, opts.timeZone ?? 'UTC');
  doc.addPage({ size: A6, margin: M });
  back(doc, data);
  return toBuffer(doc);
}
