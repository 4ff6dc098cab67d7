/**
 * The crash tests' child process: the API started by a small entry file (crash-server.ts,
 * server/titration-crash-server.ts) in its own Node process, so that SIGKILL cuts it wherever it is — no
 * shutdown hook runs, transactions are cut mid-way. Test-only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ChildApi {
  readonly child: ChildProcess;
  readonly url: string;
  /** The child's stdout after its first line (entries that talk back, e.g. a clock control). */
  readonly lines: Interface;
}

/**
 * Starts `entry` with `args` under tsx and resolves once it printed `{ "url": … }` (it listens);
 * rejects with its stderr when it exits first.
 */
export async function spawnApi(
  entry: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ChildApi> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([l]) => String(l)),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the server exited with ${String(code)} before listening:\n${stderr}`);
    }),
  ]);
  return { child, url: (JSON.parse(first) as { url: string }).url, lines };
}

/** Signs in with a password and returns the bearer token (throws on any other answer than 200). */
export async function bearerLogin(url: string, email: string, password: string): Promise<string> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`login answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
