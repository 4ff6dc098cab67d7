/**
 * `npm run bench -- web`: the JavaScript the clinic web app's first page loads (bench/web-size.ts), raw
 * and gzip, from web/dist as built (`npm run build:web`; built here first when missing). Goal (issue 14):
 * ≤ 250 kB gzip. Last line: `{"bench":"web","firstPageJsBytes":…,"firstPageJsGzipBytes":…,…}`.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FIRST_PAGE_GZIP_BUDGET, firstPageJs } from './web-size.ts';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'web/dist');
if (!existsSync(join(dist, '.vite/manifest.json'))) {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' });
}
const r = firstPageJs(dist);
console.log(
  `first page: ${r.files.length} JavaScript files, ${r.rawBytes} bytes raw, ${r.gzipBytes} bytes gzip ` +
    `(budget ${FIRST_PAGE_GZIP_BUDGET}); largest chunk ${r.largestChunkGzip.file} ${r.largestChunkGzip.bytes} bytes gzip`,
);
console.log(
  JSON.stringify({
    bench: 'web',
    firstPageJsBytes: r.rawBytes,
    firstPageJsGzipBytes: r.gzipBytes,
    budgetGzipBytes: FIRST_PAGE_GZIP_BUDGET,
    files: r.files,
    largestChunkGzip: r.largestChunkGzip,
  }),
);
