/**
 * How every `itb` subcommand speaks (docs/architecture.md CLI contract): with `--json`, exactly one JSON object on
 * stdout; otherwise a human summary. Errors go to stderr as `ITB_E_…: message` (or a JSON error object with
 * `--json`) with a non-zero exit code, and nothing is printed on stdout — never a number for invalid input.
 */
import { ItbError } from '../therapy/codes.ts';
import { inClinicZone } from './reason-line.ts';

export interface OutputOptions {
  readonly json?: boolean;
}

/** Exit codes: 1 a refusal or invalid input with a project code, 2 an unexpected failure. */
export const EXIT_REFUSED = 1;
export const EXIT_INTERNAL = 2;

/** Writes the error to stderr in the form the options ask for and sets the exit code. */
export function reportError(error: unknown, opts: OutputOptions): void {
  const e =
    error instanceof ItbError
      ? error
      : new ItbError('ITB_E_INTERNAL', error instanceof Error ? error.message : String(error));
  if (opts.json) {
    process.stderr.write(
      JSON.stringify({
        error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) },
      }) + '\n',
    );
  } else {
    process.stderr.write(`${e.code}: ${e.message}\n`);
  }
  process.exitCode = e.code === 'ITB_E_INTERNAL' ? EXIT_INTERNAL : EXIT_REFUSED;
}

/**
 * Runs a subcommand: computes a result, then prints it as JSON or through `human`. Any error is reported
 * by {@link reportError}; stdout stays empty. Reasons in the result show their instants in the clinic's zone
 * (reason-line.ts), in JSON as in the human summary.
 */
export async function run<T>(
  opts: OutputOptions,
  compute: () => T | Promise<T>,
  human: (result: T) => string,
): Promise<void> {
  let result: T;
  try {
    result = inClinicZone(await compute());
  } catch (error) {
    reportError(error, opts);
    return;
  }
  process.stdout.write(opts.json ? JSON.stringify(result) + '\n' : human(result) + '\n');
}
