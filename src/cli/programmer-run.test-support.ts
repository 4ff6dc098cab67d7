/**
 * `itb programmer …` run in-process for tests: the same commander registration the binary uses (a spawn
 * per command would cost seconds of TypeScript loading on a loaded machine), with stdout, stderr and the
 * exit code captured. Test-only.
 */
import { Command } from 'commander';
import { vi } from 'vitest';
import { registerProgrammerCommands } from './programmer.ts';

export interface ProgrammerRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runProgrammer(...args: string[]): Promise<ProgrammerRun> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((x) => (out.push(String(x)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((x) => (err.push(String(x)), true));
  process.exitCode = 0;
  try {
    const program = new Command('itb').exitOverride();
    registerProgrammerCommands(program);
    await program.parseAsync(['node', 'itb', 'programmer', ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: out.join(''), stderr: err.join('') };
}
