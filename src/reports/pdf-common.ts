/**
 * PDF plumbing shared by the reports: a pdfkit document with fixed metadata (so the same input gives the
 * same bytes), an embedded Unicode font, and collection into a Buffer. The standard 14 PDF fonts are not
 * embedded and know only WinAnsi, so a name such as Dvořák or Łukasz printed as "?": every report now uses
 * DejaVu Sans (the npm package dejavu-fonts-ttf, shipped with the install, never fetched), embedded as a
 * subset. Doses are written "mcg", never "µg" (ISMP: µg is misread as mg).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { dayText } from '../therapy/date-text.ts';

export interface PdfOptions {
  /** pdfkit compresses content streams by default; tests turn it off to search the text. */
  readonly compress?: boolean;
  /** The clinic's IANA time zone for every date and time printed (default UTC); see clinic/time-zone.ts. */
  readonly timeZone?: string;
}

/** A6 portrait in points (105 × 148 mm). */
export const A6: [number, number] = [297.64, 419.53];

/** The report fonts, by role (registered on every document by {@link newDocument}). */
export const FONT = {
  regular: 'itb-sans',
  bold: 'itb-sans-bold',
  oblique: 'itb-sans-oblique',
} as const;

const require = createRequire(import.meta.url);
const FONT_FILES: Readonly<Record<(typeof FONT)[keyof typeof FONT], string>> = {
  [FONT.regular]: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  [FONT.bold]: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  [FONT.oblique]: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
};

/**
 * Text as the reports print it: "µg" becomes "mcg" (ISMP), control characters go. Every other character
 * prints as itself in the embedded font.
 */
export function pdfText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[µμ]g/g, 'mcg').replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, '');
}

/** A document whose metadata depends only on the arguments. */
export function newDocument(
  title: string,
  createdAt: number,
  size: [number, number] | string,
  margin: number,
  opts: PdfOptions,
): PDFKit.PDFDocument {
  const when = new Date(createdAt);
  const doc = new PDFDocument({
    size,
    margin,
    compress: opts.compress ?? true,
    autoFirstPage: true,
    bufferPages: true,
    lang: 'en',
    displayTitle: true,
    // Tagged (a structure tree over the text: headings and paragraphs in reading order) so a screen reader
    // reads the card and the report; PDF 1.7 for the structure elements; declared PDF/UA-1 (the XMP
    // `pdfuaid:part`), which holds because every text is tagged and every drawing is an artifact
    // ({@link decoration}) (issue 16).
    tagged: true,
    pdfVersion: '1.7',
    // pdfkit 0.20 implements 'PDF/UA'; @types/pdfkit lists only the PDF/A subsets.
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    info: {
      Title: pdfText(title),
      Author: 'itb',
      Creator: 'itb',
      Producer: 'itb (pdfkit)',
      CreationDate: when,
      ModDate: when,
    },
  });
  for (const [name, file] of Object.entries(FONT_FILES)) doc.registerFont(name, file);
  tagEveryText(doc);
  return doc.font(FONT.regular);
}

/** The structure types the reports use: a heading level or a paragraph. */
export type TextRole = 'H1' | 'H2' | 'P';

type TextArg = string | number | PDFKit.Mixins.TextOptions | undefined;

/**
 * Puts every text the document draws into its structure tree, under one `Document` element: a paragraph
 * unless the call names its role (`{ structType: 'H1' }`). In one place, so no text a report adds can be
 * left out of what a screen reader reads.
 */
function tagEveryText(doc: PDFKit.PDFDocument): void {
  const root = doc.struct('Document');
  doc.addStructure(root);
  const draw = doc.text.bind(doc) as (text: string, ...args: TextArg[]) => PDFKit.PDFDocument;
  const tagged = (text: string, ...args: TextArg[]): PDFKit.PDFDocument => {
    const at = args.filter((a): a is number => typeof a === 'number');
    const given = args.find((a): a is PDFKit.Mixins.TextOptions => typeof a === 'object') ?? {};
    const options = { structParent: root, structType: 'P', ...given } as PDFKit.Mixins.TextOptions;
    return at.length === 0 ? draw(text, options) : draw(text, at[0], at[1], options);
  };
  doc.text = tagged;
}

/**
 * Draws decoration (a rule, a coloured band) as an `Artifact`: not content, so a screen reader skips it and
 * no drawing is left outside the structure tree (PDF/UA). Every drawing a report makes goes through here.
 */
export function decoration(doc: PDFKit.PDFDocument, draw: () => void): void {
  doc.markContent('Artifact', { type: 'Layout' });
  draw();
  doc.endMarkedContent();
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

/**
 * A refill-by date as every paper prints it: its day in the clinic's zone and, printed after it (a month
 * skipped), that it has passed, as every screen says, in the words of the paper's reader (`passed`). One
 * rule for the card, the session summary and the refill report: a bare past date on one beside PASSED on another is two
 * truths about one patient at one instant.
 */
export const refillByOnPaper = (refillBy: number, printedAt: number, tz: string, passed: string): string =>
  `${dayText(refillBy, tz)}${refillBy < printedAt ? `  (${passed})` : ''}`;
