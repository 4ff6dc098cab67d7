/**
 * What the first page of the clinic web app costs in JavaScript, from a Vite build's manifest
 * (web/vite.config.ts writes `.vite/manifest.json`): the entry (index.html) and every chunk it imports,
 * plus the board page's chunk and its imports — a staff member's first page after signing in is the
 * board. Raw and gzip bytes (gzip at level 9, as web/precompress.ts writes them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The first page's budget (issue 14): 250 kB of JavaScript, compressed. */
export const FIRST_PAGE_GZIP_BUDGET = 250_000;

interface ManifestChunk {
  readonly file: string;
  readonly imports?: readonly string[];
}

export interface FirstPageJs {
  readonly files: readonly string[];
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** The largest chunk of the whole build, gzip (a page opened later loads it). */
  readonly largestChunkGzip: { readonly file: string; readonly bytes: number };
}

/** Measures `dist` (a built web app). The entry keys: index.html and the board page's module. */
export function firstPageJs(dist: string, entries = ['index.html', 'src/pages/BoardPage.tsx']): FirstPageJs {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (chunk === undefined) throw new Error(`the build has no chunk ${key}`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  for (const e of entries) visit(e);
  const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).byteLength;
  const js = [...files].filter((f) => f.endsWith('.js'));
  const all = [...new Set(Object.values(manifest).map((c) => c.file))].filter((f) => f.endsWith('.js'));
  const largest = all
    .map((file) => ({ file, bytes: gz(file) }))
    .reduce((a, b) => (b.bytes > a.bytes ? b : a), { file: '', bytes: 0 });
  return {
    files: js,
    rawBytes: js.reduce((n, f) => n + readFileSync(join(dist, f)).byteLength, 0),
    gzipBytes: js.reduce((n, f) => n + gz(f), 0),
    largestChunkGzip: largest,
  };
}
