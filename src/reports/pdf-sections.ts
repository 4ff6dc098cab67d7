/**
 * The A4 reports' layout pieces (the refill report, the session summary): a titled section with a rule
 * under it, and a label/value row. In one place so the two reports look alike and a fix reaches both.
 */
import { decoration, FONT, pdfText } from './pdf-common.ts';

/** The A4 reports' page margin in points. */
export const REPORT_MARGIN = 50;
const M = REPORT_MARGIN;
type Doc = PDFKit.PDFDocument;

/**
 * Starts a new page when fewer than `points` remain above the bottom margin: a row's label and value are
 * placed side by side at one height, so a row must never begin where its value would spill onto the next
 * page apart from its label.
 */
export function keepTogether(doc: Doc, points: number): void {
  if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A section heading (tagged H2) with a rule under it (an artifact). */
export function section(doc: Doc, title: string): void {
  keepTogether(doc, 60);
  doc
    .moveDown(0.6)
    .font(FONT.bold)
    .fontSize(11)
    .fillColor('#1a3d6d')
    .text(pdfText(title), M, undefined, { structType: 'H2' });
  const y = doc.y + 1;
  decoration(doc, () =>
    doc
      .moveTo(M, y)
      .lineTo(doc.page.width - M, y)
      .lineWidth(0.5)
      .strokeColor('#1a3d6d')
      .stroke(),
  );
  doc.fillColor('black').moveDown(0.3);
}

/** A label and its value (bold) side by side. */
export function row(doc: Doc, label: string, value: string, color = 'black'): void {
  keepTogether(doc, 40);
  const y = doc.y;
  doc.font(FONT.regular).fontSize(9.5).fillColor('#444444').text(pdfText(label), M, y, { width: 150 });
  const yl = doc.y;
  doc
    .font(FONT.bold)
    .fillColor(color)
    .text(pdfText(value), M + 155, y, { width: doc.page.width - 2 * M - 155 });
  doc.y = Math.max(doc.y, yl) + 2;
  doc.fillColor('black');
}
