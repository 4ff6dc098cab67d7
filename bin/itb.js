#!/usr/bin/env node
// The `itb` command. Runs the compiled JavaScript in dist/ (built on install by `npm run build`, see
// scripts/build.ts) when it is at least as new as every source module (checked in a git checkout only);
// otherwise — a checkout without a build, or sources edited since — the TypeScript sources through tsx,
// slower to start. `--verbose` says which on stderr; nothing else is ever printed by this file.
import process from 'node:process';
import { URL } from 'node:url';
import { staleBuild } from './build-freshness.cjs';

const root = new URL('../', import.meta.url);
const verbose = process.argv.includes('--verbose');
const say = (line) => verbose && process.stderr.write(`itb: ${line}\n`);

const stale = staleBuild(root);
if (stale === null) {
  say('running the compiled build in dist/');
  await import('../dist/cli/itb.js');
} else {
  say(`${stale}; running the TypeScript sources through tsx`);
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/itb.ts');
}
