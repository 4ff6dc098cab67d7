/**
 * `itb demo [--port 8080] [--host 127.0.0.1] [--data-dir ./data] [--time-scale 1] [--json]`: the living demo
 * clinic (src/demo, docs/demo.md). Recreates `<data-dir>/demo.sqlite`, starts thirteen virtual pumps on the
 * telemetry link over loopback TCP, seeds their history through the real workflows, serves the API (and the
 * built web app when web/dist exists) and prints the URL and the demo accounts. SIGINT/SIGTERM stop it.
 */
import type { Command } from 'commander';
import { startDemo } from '../demo/demo.ts';
import { ItbError } from '../therapy/codes.ts';
import { assertCanListen, listenError } from './listen.ts';
import { run } from './output.ts';

interface DemoFlags {
  readonly port: string;
  readonly host: string;
  readonly dataDir: string;
  readonly timeScale: string;
  readonly json?: boolean;
}

interface DemoReport {
  readonly url: string;
  readonly web: boolean;
  readonly accounts: readonly { role: string; email: string; password: string }[];
  readonly pumps: number;
}

const human = (r: DemoReport): string =>
  [
    `itb demo clinic on ${r.url}${r.web ? ' (web app and API)' : ' (API only: build the web app with `npm start`)'}`,
    `${r.pumps} virtual pumps on the telemetry link (loopback TCP); fast-forward: POST /api/v1/demo/clock { "advanceHours": 720 }`,
    'Demo accounts (demo data only — never real patients):',
    ...r.accounts.map((a) => `  ${a.role.padEnd(10)} ${a.email.padEnd(22)} ${a.password}`),
    'Ctrl-C to stop.',
  ].join('\n');

/** Adds `itb demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the demo clinic: virtual pumps on the real link, seeded history, API and web app')
    .option('--port <port>', 'HTTP port (0 = any free one)', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'demo.sqlite is recreated here on every start', './data')
    .option('--time-scale <n>', 'demo seconds per real second', '1')
    .option('--json', 'print one JSON object once listening')
    .action((flags: DemoFlags) =>
      run(
        flags,
        async (): Promise<DemoReport> => {
          const port = Number(flags.port);
          if (!Number.isInteger(port) || port < 0 || port > 65_535) {
            throw new ItbError('ITB_E_INVALID_INPUT', `--port must be 0–65535, got ${flags.port}`);
          }
          const timeScale = Number(flags.timeScale);
          if (!(timeScale > 0 && timeScale <= 1_000_000)) {
            throw new ItbError('ITB_E_INVALID_INPUT', `--time-scale must be > 0, got ${flags.timeScale}`);
          }
          // Before demo.sqlite is recreated: a busy port must leave the data directory as it was.
          await assertCanListen(flags.host, port);
          const demo = await startDemo({ dataDir: flags.dataDir, port, host: flags.host, timeScale }).catch(
            (e: unknown) => {
              throw listenError(e, flags.host, port);
            },
          );
          let stopping = false;
          const stop = () => {
            if (stopping) return;
            stopping = true;
            void demo.stop().then(() => process.exit(0));
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          return { url: demo.url, web: demo.webServed, accounts: demo.accounts, pumps: demo.patients.length };
        },
        human,
      ),
    );
}
