/**
 * Reads a PDF the way a viewer does, with Mozilla's PDF.js (pdfjs-dist) — an independent parser, not a
 * regex over our own bytes: the page count and each page's text as a reader would copy it.
 */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

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
  /**
   * What a page shows outside both the structure tree and an artifact (`page 1: showText`): content a screen
   * reader can neither read nor know to skip. Empty for a PDF/UA document.
   */
  readonly untagged: readonly string[];
  /** The PDF/UA part the XMP metadata declares (`pdfuaid:part`), if any. */
  readonly pdfUaPart: string | undefined;
}

/** The operators that put something on the page: text and painted paths. */
const SHOWING = new Set<number>([
  OPS.showText,
  OPS.showSpacedText,
  OPS.nextLineShowText,
  OPS.nextLineSetSpacingShowText,
  OPS.constructPath,
  OPS.fill,
  OPS.eoFill,
  OPS.stroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
  OPS.paintImageXObject,
]);
const OP_NAMES = new Map(Object.entries(OPS).map(([name, code]) => [code, name]));

/**
 * The showing operators of one page's operator list that are in no marked content with an MCID (a
 * structure element's content) and in no `Artifact`.
 */
function untaggedOps(fnArray: readonly number[], argsArray: readonly unknown[]): string[] {
  const open: boolean[] = []; // per open marked content: does it tag (MCID or Artifact)?
  const out: string[] = [];
  fnArray.forEach((fn, i) => {
    if (fn === OPS.beginMarkedContent || fn === OPS.beginMarkedContentProps) {
      const [tag, props] = (argsArray[i] ?? []) as [string, unknown];
      open.push(tag === 'Artifact' || typeof props === 'number');
    } else if (fn === OPS.endMarkedContent) open.pop();
    else if (SHOWING.has(fn) && !open.some((tags) => tags)) out.push(OP_NAMES.get(fn) ?? String(fn));
  });
  return out;
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
    const untagged: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      text.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
      structureRoles.push(...rolesOf((await page.getStructTree()) as StructNode | null));
      const ops = await page.getOperatorList();
      untagged.push(...untaggedOps(ops.fnArray, ops.argsArray).map((op) => `page ${i}: ${op}`));
    }
    const meta = await doc.getMetadata();
    const info = meta.info as { Title?: string; Language?: string };
    const marked = (await doc.getMarkInfo())?.Marked === true;
    const pdfUaPart = (meta.metadata?.get('pdfuaid:part') as string | null | undefined) ?? undefined;
    return {
      pages: doc.numPages,
      text,
      title: info.Title,
      language: info.Language,
      marked,
      structureRoles,
      untagged,
      pdfUaPart,
    };
  } finally {
    await doc.destroy();
  }
}

/** The words of a phrase appear in order in the text (a line may wrap between them). */
export const hasPhrase = (text: string, phrase: string): boolean =>
  text.replace(/\s+/g, '').includes(phrase.replace(/\s+/g, ''));
