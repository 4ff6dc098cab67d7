// Starting the server commands (`itb serve`, `itb pump serve`, `itb demo`) as a user would, through
// bin/itb.js: a busy port is a clear refusal that writes nothing, a bad flag writes nothing, and the pump
// prints its ready line only once its keys are on disk and it listens.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/itb.js', import.meta.url));

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `itb …args` to its end (or kills it after `ms`). */
function itb(args: readonly string[], env: Record<string, string> = {}, ms = 20_000): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

let busy: Server;
let busyPort = 0;
beforeAll(async () => {
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const a = busy.address();
  busyPort = typeof a === 'object' && a !== null ? a.port : 0;
});
afterAll(() => new Promise<void>((r) => busy.close(() => r())));

describe('a port in use', () => {
  it('itb serve: ITB_E_PORT_IN_USE, no database file and no bootstrap admin created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itb-serve-busy-'));
    const db = join(dir, 'clinic.sqlite');
    const r = await itb(['serve', '--port', String(busyPort), '--db', db, '--json'], {
      ITB_ADMIN_EMAIL: 'admin@example.org',
      ITB_ADMIN_PASSWORD: 'a-long-enough-password-2026',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '')).toMatchObject({
      error: { code: 'ITB_E_PORT_IN_USE', details: { port: busyPort } },
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('itb pump serve: ITB_E_PORT_IN_USE and no data directory, keys or image written', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'itb-pump-busy-')), 'pump');
    const r = await itb(['pump', 'serve', '--port', String(busyPort), '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_PORT_IN_USE: cannot listen on 127\.0\.0\.1:\d+/);
    expect(existsSync(dir)).toBe(false);
  });

  it('itb demo: ITB_E_PORT_IN_USE before demo.sqlite is recreated', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'itb-demo-busy-')), 'data');
    const r = await itb(['demo', '--port', String(busyPort), '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_PORT_IN_USE/);
    expect(existsSync(join(dir, 'demo.sqlite'))).toBe(false);
  });
});

describe('itb pump serve start-up', () => {
  it('a bad first-start flag is refused before any key is written', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'itb-pump-badflag-')), 'pump');
    const r = await itb(['pump', 'serve', '--port', '0', '--data-dir', dir, '--fill-ml', '20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_INVALID_INPUT: a demo fill needs both/);
    expect(existsSync(dir)).toBe(false);
  });

  it('prints one ready line once it listens, with the keys already on disk', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'itb-pump-ready-')), 'pump');
    const child = spawn(process.execPath, [BIN, 'pump', 'serve', '--port', '0', '--data-dir', dir]);
    const seen = await new Promise<{ line: string; keys: boolean }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += String(d);
        const first = out.split('\n')[0] ?? '';
        if (out.includes('\n')) {
          resolve({
            line: first,
            keys: ['keys.json', 'clinician.keys.json'].every((k) => existsSync(join(dir, k))),
          });
        }
      });
      child.on('exit', (code) => reject(new Error(`pump serve exited ${code}`)));
    });
    child.kill('SIGTERM');
    expect(seen.line).toMatch(
      /^ready: pump ITB-[0-9A-F]{8} \(peristaltic-20\) listening on 127\.0\.0\.1:\d+/,
    );
    expect(seen.keys).toBe(true);
  });
});
