#!/usr/bin/env node
// The `itb` command. Runs the compiled JavaScript in dist/ (built on install by `npm run build`, see
// scripts/build.ts) when it is at least as new as every source module (checked in a git checkout only);
// otherwise — a checkout without a build, or sources edited since — the TypeScript sources through tsx,
// slower to start. `--verbose` says which on stderr; nothing else is ever printed by this file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import process from 'node:process';
import { join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = new URL('../', import.meta.url);
const verbose = process.argv.includes('--verbose');
const say = (line) => verbose && process.stderr.write(`itb: ${line}\n`);

/** Why dist/ cannot be used, or null when it is current. */
function staleBuild() {
  let builtAt;
  try {
    builtAt = JSON.parse(readFileSync(new URL('dist/build.json', root), 'utf8')).builtAt;
  } catch {
    return 'no compiled build in dist/ (npm run build makes one)';
  }
  // Only a git checkout has sources someone may edit after the build; an installed copy trusts its build.
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

const stale = staleBuild();
if (stale === null) {
  say('running the compiled build in dist/');
  await import('../dist/cli/itb.js');
} else {
  say(`${stale}; running the TypeScript sources through tsx`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/itb.ts');
}
