/**
 * PDF plumbing shared by the reports: a pdfkit document with fixed metadata (so the same input gives the
 * same bytes), collection into a Buffer, and text made safe for the standard 14 fonts, which are WinAnsi:
 * characters outside it (≥, →, –, µ in some viewers) are replaced with ASCII so nothing prints as a box.
 * Doses are written "mcg", never "µg" (ISMP: µg is misread as mg).
 */
import PDFDocument from 'pdfkit';

export interface PdfOptions {
  /** pdfkit compresses content streams by default; tests turn it off to search the text. */
  readonly compress?: boolean;
}

/** A6 portrait in points (105 × 148 mm). */
export const A6: [number, number] = [297.64, 419.53];

const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[≥]/g, '>='],
  [/[≤]/g, '<='],
  [/[→]/g, '->'],
  [/[–—]/g, '-'],
  [/[µμ]g/g, 'mcg'],
  [/[‘’]/g, "'"],
  [/[“”]/g, '"'],
  [/…/g, '...'],
];

/** Text that renders in Helvetica (WinAnsi); anything still outside Latin-1 becomes "?". */
export function pdfText(s: string): string {
  let out = s;
  for (const [re, to] of REPLACEMENTS) out = out.replace(re, to);
  // eslint-disable-next-line no-control-regex
  return out.replace(/[^\x09\x0a\x0d\x20-\x7e\xa0-\xff]/g, '?');
}

/** "2024-03-10 14:05 UTC": unambiguous for any reader (no locale date order). */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
/** "2024-03-10". */
export const formatDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A document whose metadata depends only on the arguments. */
export function newDocument(
  title: string,
  createdAt: number,
  size: [number, number] | string,
  margin: number,
  opts: PdfOptions,
): PDFKit.PDFDocument {
  const when = new Date(createdAt);
  return new PDFDocument({
    size,
    margin,
    compress: opts.compress ?? true,
    autoFirstPage: true,
    bufferPages: true,
    info: {
      Title: pdfText(title),
      Author: 'itb',
      Creator: 'itb',
      Producer: 'itb (pdfkit)',
      CreationDate: when,
      ModDate: when,
    },
  });
}

/** Ends the document and resolves with its bytes. */
export function toBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
