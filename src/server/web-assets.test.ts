/**
 * Issue 14, the web app's delivery (web-extension.ts): hashed assets are cached for a year and never
 * revalidated, index.html is revalidated on every load (a new build is picked up), and each is sent
 * compressed when the browser accepts it, from the .br / .gz copies the build writes beside it
 * (web/precompress.ts). Finding: @fastify/static replaced the year-long header with "public, max-age=0"
 * until its own cacheControl was turned off.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';
import { DEFAULT_EXTENSIONS } from './extensions.ts';
import { webExtension } from './web-extension.ts';

const backend = API_BACKENDS[0];
const JS = `export const board = ${JSON.stringify('x'.repeat(5000))};\n`;

describe.skipIf(backend === undefined)('web assets', () => {
  let api: TestApi;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'itb-web-'));
    mkdirSync(join(root, 'assets'));
    const html = '<!doctype html><script type="module" src="/assets/app-abc123.js"></script>';
    for (const [file, body] of [
      ['index.html', html],
      ['assets/app-abc123.js', JS],
    ] as const) {
      writeFileSync(join(root, file), body);
      writeFileSync(join(root, `${file}.gz`), gzipSync(body));
      writeFileSync(join(root, `${file}.br`), brotliCompressSync(body));
    }
    api = await startApi(backend!, { extensions: [...DEFAULT_EXTENSIONS, webExtension({ root })] });
  });
  afterAll(async () => {
    await api.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('hashed assets were sent max-age=0 and uncompressed: a hashed asset is sent Brotli-compressed and cached for a year', async () => {
    const res = await api.app.inject({
      method: 'GET',
      url: '/assets/app-abc123.js',
      headers: { 'accept-encoding': 'br, gzip' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.rawPayload.byteLength).toBeLessThan(JS.length / 10);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(JS);
  });

  it('index.html (and the app routes it answers) is revalidated on every load, gzip when that is all', async () => {
    for (const url of ['/', '/patients/p-1']) {
      const res = await api.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-encoding']).toBe('gzip');
    }
    const plain = await api.app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
  });
});
