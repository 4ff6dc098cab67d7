// Vite config of the clinic web app: root web/, output web/dist (served by src/server/web-extension.ts),
// each text asset also gzip- and Brotli-compressed (precompress.ts).
// The app imports the pure therapy code from ../src directly, so the guardrail it shows is the server's.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from './precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // .vite/manifest.json: which chunks each page loads (bench/web-size.ts measures the first page).
    manifest: true,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' }, fs: { allow: ['..'] } },
});
