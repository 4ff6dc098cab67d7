/**
 * `--json-file PATH`: a request body for an `itb` command that records what an API route records, read from
 * a file (`-`: standard input). Only the JSON shape is checked here (an object); its fields are checked by
 * the route's own schema where the store records it, so the command line and the API refuse the same bodies.
 */
import { readFileSync } from 'node:fs';
import { ItbError } from '../therapy/codes.ts';

/** The JSON object in the file at `path` (`-`: standard input); unreadable, not JSON or not an object is refused. */
export function jsonFileBody(path: string): Record<string, unknown> {
  let raw: string;
  try {
    raw = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch {
    throw new ItbError('ITB_E_INVALID_INPUT', `--json-file ${path} cannot be read`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ItbError('ITB_E_INVALID_INPUT', `--json-file ${path} is not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `--json-file ${path} must hold one JSON object`);
  }
  return parsed as Record<string, unknown>;
}
