// Whether the compiled build in dist/ may stand in for the TypeScript sources: the one rule, used by
// bin/itb.js (which command code to run) and by src/sim/worker-bootstrap.ts (which module a worker thread
// loads). CommonJS so that both can load it synchronously, before any TypeScript loader exists.
'use strict';
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { fileURLToPath, URL } = require('node:url');

/**
 * Why dist/ under the package root `root` (a file: URL ending in '/') cannot be used, or null when it is
 * current: dist/build.json is at least as new as every source module. Only a git checkout has sources
 * someone may edit after the build; an installed copy trusts its build.
 */
function staleBuild(root) {
  let builtAt;
  try {
    builtAt = JSON.parse(readFileSync(new URL('dist/build.json', root), 'utf8')).builtAt;
  } catch {
    return 'no compiled build in dist/ (npm run build makes one)';
  }
  const src = fileURLToPath(new URL('src/', root));
  if (!existsSync(new URL('.git', root)) || !existsSync(src)) return null;
  // Entries with their file types: listing names alone makes Node 20 stat every entry a second time.
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    const { name } = entry;
    if (!entry.isFile() || !name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const file = join(entry.parentPath, name);
    if (statSync(file).mtimeMs > builtAt) {
      return `src/${relative(src, file)} is newer than the build in dist/ (npm run build refreshes it)`;
    }
  }
  return null;
}

module.exports = { staleBuild };
