/**
 * The printed session summary for the chart (A4, as many pages as the visit needs): the patient, the pump
 * and its battery, every step of the visit in time order — what the pump reported, what changed
 * (before → after, with units), the pump's answer, the guardrail and any override's justification — the
 * refill reconciliation, the programme the pump runs at the end, the next refill-by date, the alerts still
 * open, and who did it, by name, in the clinic's time zone. Content: session-summary-data.ts.
 */
import { calendarDayText, instantText, isoDayText } from '../therapy/date-text.ts';
import { drugEmergency } from '../therapy/drug-emergency.ts';
import { FONT, newDocument, pdfText, refillByOnPaper, toBuffer, type PdfOptions } from './pdf-common.ts';
import { keepTogether, REPORT_MARGIN as M, row, section } from './pdf-sections.ts';
import type { SessionSummaryData } from './session-summary-data.ts';
import { splitSource } from '../clinic/source-tags.ts';
import { renderReasonTimes } from '../therapy/verdict.ts';

const RED = '#b00020';
const VERDICT_TEXT: Readonly<Record<string, readonly [string, string]>> = {
  ok: ['OK - within the discrepancy limit', '#1b5e20'],
  warn: ['DISCREPANCY - investigate before relying on the pump', RED],
  block: ['BLOCKED - do not refill until resolved', RED],
};

/** The session summary PDF; identical bytes for identical data. */
export function sessionSummaryPdf(d: SessionSummaryData, opts: PdfOptions = {}): Promise<Buffer> {
  const tz = opts.timeZone ?? 'UTC';
  const doc = newDocument(
    `Session summary - ${d.patient.name} - ${isoDayText(d.day)}`,
    d.printedAt,
    'A4',
    M,
    opts,
  );
  doc
    .font(FONT.bold)
    .fontSize(16)
    .text('Intrathecal pump session summary', M, undefined, { structType: 'H1' });
  doc
    .font(FONT.regular)
    .fontSize(10)
    .text(
      pdfText(`${d.patient.name}  |  born ${calendarDayText(d.patient.birthDate)}  |  MRN ${d.patient.mrn}`),
    );
  doc.text(pdfText(`Pump ${d.pump.model}, serial ${d.pump.serial}  |  battery ${d.pump.battery}`));
  doc.text(
    pdfText(
      `Clinic day ${isoDayText(d.day)} (${tz})  |  staff: ${d.staff.length === 0 ? 'none' : d.staff.join(', ')}`,
    ),
  );

  if (d.steps.length === 0 && d.refills.length === 0) {
    section(doc, 'Steps');
    row(doc, 'Nothing recorded', `no pump session or refill on ${isoDayText(d.day)}`, RED);
  }
  d.steps.forEach((s, i) => {
    section(doc, `${i + 1}. ${s.what} - ${instantText(s.at, tz)} - ${s.by}`);
    for (const [label, value] of s.read) row(doc, `Read: ${label}`, value);
    if (s.changes.length === 0 && s.outcome !== null) row(doc, 'Changed', 'nothing');
    for (const change of s.changes) row(doc, 'Changed', change);
    if (s.outcome !== null)
      row(doc, "Pump's answer", s.outcome, s.outcome.startsWith('Verified') ? 'black' : RED);
    if (s.guardrail !== null) row(doc, 'Guardrail', s.guardrail, s.guardrail === 'ok' ? 'black' : RED);
    // Words only, each instant in the clinic's zone through the one renderer (therapy/verdict.ts).
    for (const reason of s.reasons)
      row(doc, 'Why', splitSource(renderReasonTimes(reason, (ms) => instantText(ms, tz)).message).message);
    if (s.justification !== null) row(doc, 'Justification (override)', s.justification);
  });
  for (const r of d.refills) {
    section(doc, `Refill reconciliation - ${instantText(r.at, tz)} - ${r.by}`);
    row(doc, 'Drug', r.drug);
    row(doc, 'Lot', r.lot);
    row(doc, 'Expected residual (pump)', r.expected);
    row(doc, 'Measured residual (drained)', r.measured);
    row(doc, 'Difference (measured - expected)', r.difference);
    const [verdict, color] = VERDICT_TEXT[r.verdict] ?? [r.verdict, RED];
    row(doc, 'Verdict', verdict, color);
    for (const reason of r.reasons) row(doc, 'Reason', reason);
    if (r.justification !== null) row(doc, 'Justification (override)', r.justification);
    row(doc, 'Volume added', r.added);
  }

  section(doc, 'At the end of the visit');
  row(doc, 'Programme the pump runs', d.programmeAfter);
  row(
    doc,
    'Refill by',
    d.refillBy === null
      ? 'unknown - set a date manually'
      : refillByOnPaper(d.refillBy, d.printedAt, tz, 'PASSED: the refill is overdue'),
    RED,
  );
  if (d.openAlerts.length === 0) row(doc, 'Open alerts', 'none');
  for (const a of d.openAlerts)
    row(
      doc,
      `Open alert (${a.severity})`,
      `${a.message} - since ${instantText(a.since, tz)}`,
      a.severity === 'info' ? 'black' : RED,
    );

  keepTogether(doc, 60);
  doc.moveDown(1.5).font(FONT.oblique).fontSize(8).fillColor('#555555');
  doc.text(
    pdfText(
      `Printed ${instantText(d.printedAt, tz)} by ${d.printedBy}. The reservoir volume is calculated by the pump, not sensed. ${drugEmergency(d.drug).paperNote}`,
    ),
    M,
  );
  return toBuffer(doc);
}
