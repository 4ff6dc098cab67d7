// The `itb` program itself: version, help, lazy loading of the commands and shell completion.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMANDS } from './main.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}bin/itb.js`;
const PKG = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };

function run(
  file: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
const itb = (...args: string[]) => run(process.execPath, [BIN, ...args]);

describe('itb --version', () => {
  it('--version is read from package.json, not hard-coded', async () => {
    expect((await buildProgram(['node', 'itb'])).version()).toBe(PKG.version);
    const r = await itb('--version');
    expect(r.stdout.trim()).toBe(PKG.version);
  });
});

describe('help', () => {
  it('required options are marked in help', async () => {
    const r = await itb('calc', 'rate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--dose <dose>\s+\(required\) daily dose/);
    expect(r.stdout).toMatch(/--drug <id>\s+drug library entry/);
  });

  it('a command group without its subcommand shows its help on stderr, not "(outputHelp)"', async () => {
    const r = await itb('calc');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: itb calc \[options\] \[command\]\n[\s\S]*rate \[options\]/);
    expect(r.stderr).not.toMatch(/outputHelp/);
  });

  it('top-level help lists each command with the description its own module registers', async () => {
    for (const entry of COMMANDS) {
      const program = await buildProgram(['node', 'itb', entry.name]);
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered?.description(), entry.name).toBe(entry.description);
    }
    const stubs = await buildProgram(['node', 'itb', '--help']);
    expect(stubs.commands.map((c) => c.name())).toEqual(COMMANDS.map((c) => c.name));
  });
});

describe('options shared by many commands', () => {
  it('the --db option is described once (finding: its description was written out in five modules)', async () => {
    const full = new Command('itb');
    for (const c of COMMANDS) await c.register(full);
    const descriptions = new Set<string>();
    const walk = (cmd: Command): void => {
      for (const o of cmd.options) if (o.long === '--db') descriptions.add(o.description);
      cmd.commands.forEach(walk);
    };
    walk(full);
    expect([...descriptions]).toHaveLength(1);
  });
});

/** The TypeScript loader this test runs the sources under (the compiled `itb` loads none of it). */
const TS_LOADER: ReadonlySet<string> = new Set(['tsx', 'esbuild', 'get-tsconfig', 'resolve-pkg-maps']);

/**
 * The packages (names under node_modules) a run of `itb ARGS` through main() loads, as ES modules (a resolve
 * hook records every URL) or as CommonJS (the require cache): pdfkit, for one, loads as an ES module, which
 * the require cache never sees.
 */
async function packagesLoadedBy(args: readonly string[]): Promise<{ stdout: string; packages: string[] }> {
  const log = join(mkdtempSync(join(tmpdir(), 'itb-loaded-')), 'urls.txt');
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      appendFileSync(${JSON.stringify(log)}, r.url + '\\n');
      return r;
    }`;
  const script = `
    import { createRequire, register } from 'node:module';
    import { appendFileSync } from 'node:fs';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
    const { main } = await import(${JSON.stringify(`${ROOT}src/cli/main.ts`)});
    await main(${JSON.stringify(['node', 'itb', ...args])});
    appendFileSync(${JSON.stringify(log)}, Object.keys(createRequire(import.meta.url).cache).join('\\n'));
  `;
  const r = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
  expect(r.code, r.stderr).toBe(0);
  const packages = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m !== null && !TS_LOADER.has(m[1]!)) packages.add(m[1]!);
  }
  return { stdout: r.stdout, packages: [...packages].sort() };
}

describe('lazy commands', () => {
  it('itb calc loads neither Fastify, a database driver nor pdfkit, as CommonJS or as ES modules (finding: the check saw CommonJS only, so pdfkit loading as an ES module passed)', async () => {
    const r = await packagesLoadedBy(['calc', 'rate', '--dose', '500', '--concentration', '2000', '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ mlPerDay: 0.25 });
    const heavy = r.packages.filter((p) =>
      /^(fastify|@fastify\/.*|pg|better-sqlite3|kysely|pdfkit)$/.test(p),
    );
    expect(heavy).toEqual([]);
  });

  it('itb --version loads commander and nothing else (finding: every command loaded pdfkit, its fonts and a cipher library, because the error reporter reached the PDF module for a date format)', async () => {
    const r = await packagesLoadedBy(['--version']);
    expect(r.stdout.trim()).toBe(PKG.version);
    expect(r.packages).toEqual(['commander']);
  });
});

/** zsh is installed by .ci/run; elsewhere the zsh case is skipped only when zsh is absent. */
const hasZsh = spawnSync('zsh', ['-c', 'true']).status === 0;

describe('itb completion', () => {
  // Generating the script loads every command: once for all the cases.
  let script: Promise<string> | undefined;
  const complete = async (shell: string, line: string[]): Promise<string[]> => {
    script ??= itb('completion', shell).then((r) => r.stdout);
    const words = line.map((w) => `'${w}'`).join(' ');
    const r = await run('bash', [
      '-c',
      `${await script}\nCOMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _itb_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ]);
    expect(r.stderr).toBe('');
    return r.stdout.trim().split('\n');
  };

  it('no shell completion: bash completes commands, subcommands and options', async () => {
    expect(await complete('bash', ['itb', 'c'])).toEqual(['calc', 'completion']);
    expect(await complete('bash', ['itb', 'calc', 're'])).toEqual(['refill', 'reconcile']);
    expect(await complete('bash', ['itb', 'calc', 'rate', '--dose', '500', '--c'])).toEqual([
      '--concentration',
    ]);
    expect(await complete('bash', ['itb', 'pump', 'serve', '--da'])).toEqual(['--data-dir']);
    expect(await complete('bash', ['itb', 'appointments', 'c'])).toEqual(['cancel']);
    expect(await complete('bash', ['itb', 'pump', 'b'])).toEqual(['bolus']);
    expect(await complete('bash', ['itb', 'pump', 'pr'])).toEqual(['profiles', 'prime']);
    expect(await complete('bash', ['itb', 'pump', 'bolus', '--a'])).toEqual(['--as']);
  });

  it('no completion for the administration and troubleshooting commands: users, audit and troubleshoot complete', async () => {
    expect(await complete('bash', ['itb', 'u'])).toEqual(['users']);
    expect(await complete('bash', ['itb', 'users', 'r'])).toEqual(['reset-password', 'role']);
    expect(await complete('bash', ['itb', 'users', 'create', '--pa'])).toEqual([
      '--password-file',
      '--patient',
    ]);
    expect(await complete('bash', ['itb', 'audit', 'list', '--ac'])).toEqual(['--actor', '--action']);
    expect(await complete('bash', ['itb', 'troubleshoot', 's'])).toEqual(['start', 'show', 'step']);
  });

  // zsh runs the function through bashcompinit's _bash_complete (in `emulate -L sh`) and lets compadd keep
  // the candidates that start with the word being typed: the same here, without a terminal.
  let zshScript: Promise<string> | undefined;
  const zshComplete = async (line: string[]): Promise<string[]> => {
    zshScript ??= itb('completion', 'zsh').then((r) => r.stdout);
    const words = line.map((w) => `'${w}'`).join(' ');
    const typed = line.at(-1) ?? '';
    const body = `COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; _itb_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = await run('zsh', [
      '-f',
      '-c',
      `${await zshScript}\nemulate sh -c '${body.replaceAll("'", "'\\''")}'`,
    ]);
    expect(r.stderr).toBe('');
    return r.stdout
      .trim()
      .split('\n')
      .filter((w) => w.startsWith(typed));
  };

  it.skipIf(!hasZsh)(
    'itb completion zsh: sourced by zsh, it completes commands, subcommands and options',
    async () => {
      expect(await zshComplete(['itb', 'c'])).toEqual(['calc', 'completion']);
      expect(await zshComplete(['itb', 'calc', 're'])).toEqual(['refill', 'reconcile']);
      expect(await zshComplete(['itb', 'pump', 'serve', '--da'])).toEqual(['--data-dir']);
      expect(await zshComplete(['itb', 'ap'])).toEqual(['appointments']);
    },
  );

  it('zsh gets the same function through bashcompinit; an unknown shell is refused', async () => {
    expect((await itb('completion', 'zsh')).stdout).toMatch(
      /^# zsh: .*\n.*compinit.*\nautoload -U \+X bashcompinit && bashcompinit\n/,
    );
    const r = await itb('completion', 'fish');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ITB_E_INVALID_INPUT: the shell must be one of bash, zsh/);
  });
});
