// The README's shell blocks, run as written in a fresh directory: every command a reader copies must work,
// including the `itb pump serve … &` block whose programmer must not start before the pump's keys exist.
// A block preceded by `<!-- readme-test: skip (reason) -->` is not run (installs, servers that run until
// Ctrl-C); every other ```sh block is. A line whose comment says "refused" must fail with an ITB_E_ code.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

export interface Block {
  readonly line: number;
  readonly text: string;
  readonly skip: string | null;
}

/** The ```sh blocks of a Markdown text, with the skip reason of the comment right above each. */
export function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== '```sh') continue;
    let above = i - 1;
    while (above >= 0 && lines[above]?.trim() === '') above--;
    const skip = /^<!-- readme-test: skip \((.+)\) -->$/.exec(lines[above]?.trim() ?? '')?.[1] ?? null;
    const end = lines.indexOf('```', i + 1);
    blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n'), skip });
    i = end;
  }
  return blocks;
}

/**
 * A block as a script that stops at the first command that does not do what the README says: each
 * command must succeed, except those whose comment says "refused", which must fail. A command sent to
 * the background (`&`) is left to run; the block's own `kill` stops it (and the script's end, if not).
 */
function checkedScript(block: Block): string {
  const logical = block.text.replace(/\\\n\s*/g, ' ').split('\n');
  const out = logical.map((raw, n) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return raw;
    const comment = /\s#\s.*$/.exec(line)?.[0] ?? '';
    const command = line.slice(0, line.length - comment.length).trim();
    if (/[^&]&$/.test(command)) return command;
    const where = `README.md:${block.line + 1 + n}: ${command}`.replace(/'/g, '');
    if (/refused/.test(comment)) {
      return `if ${command} 2>refused.err; then echo '${where} — should be refused' >&2; exit 1; fi; grep -q '^ITB_E_' refused.err || exit 1`;
    }
    return `${command} || { echo '${where} — failed' >&2; exit 1; }`;
  });
  // Whatever happens, no background command outlives its block.
  return ['set -u', "trap 'kill $(jobs -p) 2>/dev/null' EXIT", ...out, 'wait', ''].join('\n');
}

/** Runs a script with bash in `cwd`; `npx itb` runs this checkout's bin/itb.js (the directory is not one). */
function bash(script: string, cwd: string, binDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', script], {
      cwd,
      env: { ...process.env, PATH: `${binDir}:${process.env['PATH'] ?? ''}` },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += String(d)));
    child.stderr.on('data', (d: Buffer) => (out += String(d)));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('README shell blocks', () => {
  const blocks = shellBlocks(README);
  const dir = mkdtempSync(join(tmpdir(), 'itb-readme-'));
  const binDir = join(dir, '.bin');
  // `npx itb` inside a checkout runs its bin/itb.js; this shim does the same from the temp directory
  // (with `exec`, so `kill %1` reaches the pump itself). Any other npx call goes to the real npx.
  symlinkSync(join(ROOT, 'examples'), join(dir, 'examples'));
  const shim = join(dir, 'npx-shim');
  writeFileSync(
    shim,
    `#!/bin/sh\nif [ "$1" = itb ]; then shift; exec "${process.execPath}" "${join(ROOT, 'bin/itb.js')}" "$@"; fi\n` +
      `PATH="${process.env['PATH'] ?? ''}" exec npx "$@"\n`,
  );
  chmodSync(shim, 0o755);
  mkdirSync(binDir);
  symlinkSync(shim, join(binDir, 'npx'));

  it('every shell block is run or skipped with a reason, and the CLI blocks are run', () => {
    expect(blocks.filter((b) => b.skip === null).length).toBeGreaterThanOrEqual(6);
    expect(blocks.some((b) => b.skip === null && b.text.includes('pump serve'))).toBe(true);
  });

  for (const block of blocks.filter((b) => b.skip === null)) {
    it(`README.md:${block.line} runs as written`, async () => {
      const r = await bash(checkedScript(block), dir, binDir);
      expect(r.code, r.out).toBe(0);
    }, 90_000);
  }
});
