/**
 * A Vite plugin that writes a gzip and a Brotli copy beside every built text asset (`app.js` →
 * `app.js.gz`, `app.js.br`), so the server sends them compressed without compressing on each request
 * (src/server/web-extension.ts serves them with @fastify/static's `preCompressed`). Built here with
 * node:zlib rather than a dependency: a few lines, at the highest levels, once per build.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** The plugin; `outDir` is read from the resolved config. */
export function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'itb-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      for (const file of filesUnder(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const body = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}
