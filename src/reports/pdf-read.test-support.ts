/**
 * Reads a PDF the way a viewer does, with Mozilla's PDF.js (pdfjs-dist) — an independent parser, not a
 * regex over our own bytes: the page count and each page's text as a reader would copy it.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface ReadPdf {
  readonly pages: number;
  /** Each page's text, items joined by spaces. */
  readonly text: readonly string[];
  /** PDF.js's names of the fonts the document uses, from the first page's operator list. */
  readonly title: string | undefined;
  /** The document language (catalog `Lang`), as PDF.js reads it. */
  readonly language: string | undefined;
  /** Whether the catalog's MarkInfo says the document is tagged. */
  readonly marked: boolean;
  /** The roles of each page's structure tree, depth first (`Root`, `Document`, `H1`, `P` …); empty if untagged. */
  readonly structureRoles: readonly string[];
}

interface StructNode {
  readonly role?: string;
  readonly children?: readonly StructNode[];
}
const rolesOf = (n: StructNode | null | undefined): string[] =>
  n === null || n === undefined
    ? []
    : [...(n.role === undefined ? [] : [n.role]), ...(n.children ?? []).flatMap(rolesOf)];

export async function readPdf(pdf: Buffer): Promise<ReadPdf> {
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const text: string[] = [];
    const structureRoles: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      text.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
      structureRoles.push(...rolesOf((await page.getStructTree()) as StructNode | null));
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: string; Language?: string };
    const marked = (await doc.getMarkInfo())?.Marked === true;
    return { pages: doc.numPages, text, title: info.Title, language: info.Language, marked, structureRoles };
  } finally {
    await doc.destroy();
  }
}

/** The words of a phrase appear in order in the text (a line may wrap between them). */
export const hasPhrase = (text: string, phrase: string): boolean =>
  text.replace(/\s+/g, '').includes(phrase.replace(/\s+/g, ''));
