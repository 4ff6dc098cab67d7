/** Runs the real `itb` command (bin/itb.js) as a user would, for CLI tests. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/itb.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `itb ...args` and resolves with its exit code and output (never rejects on a non-zero exit). */
export function itb(...args: string[]): Promise<CliResult> {
  return itbWithEnv({}, ...args);
}

/** {@link itb} with `env` added to this process's environment (e.g. the clinic's ITB_TIME_ZONE). */
export function itbWithEnv(env: Readonly<Record<string, string>>, ...args: string[]): Promise<CliResult> {
  const options = { timeout: 60_000, env: { ...process.env, ...env } };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs with `--json` and parses stdout as exactly one JSON object. */
export async function itbJson(
  ...args: string[]
): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  const r = await itb(...args, '--json');
  const lines = r.stdout.trim().split('\n');
  if (r.code !== 0 || lines.length !== 1) {
    throw new Error(`itb ${args.join(' ')} exited ${r.code}: ${r.stderr}${r.stdout}`);
  }
  return { code: r.code, json: JSON.parse(lines[0] ?? '') as Record<string, unknown>, stderr: r.stderr };
}
