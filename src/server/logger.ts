/**
 * The server's pino logger with patient data redacted (docs/architecture.md: "pino with redaction"). Any log field
 * named like a name, birth date, MRN, e-mail, password, token or cookie — at the top level or up to three
 * levels down — is replaced by "[redacted]", and request headers are not logged at all. Handlers log ids and
 * codes, never record contents; the redaction is the net under that rule, and a test feeds the whole API's
 * log stream through a search for every sensitive value used.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

const SENSITIVE_KEYS = [
  'name',
  'birthDate',
  'mrn',
  'email',
  'password',
  'passwordHash',
  'token',
  'cookie',
  'authorization',
  'linkKeys',
  'phone',
  'afterHoursPhone',
  'set-cookie',
];

/** Redaction paths: each sensitive key at depth 0–3 (pino's fast-redact needs explicit paths). */
export const REDACT_PATHS: readonly string[] = SENSITIVE_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dot = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key, dot('*'), dot('*.*'), dot('*.*.*')];
});

export const LOGGER_OPTIONS: LoggerOptions = {
  level: process.env['ITB_LOG_LEVEL'] ?? 'info',
  redact: { paths: [...REDACT_PATHS, 'req.headers'], censor: '[redacted]' },
  serializers: {
    // Method, route and status only: query strings can carry ids, never names, but headers carry tokens.
    req: (req: { method?: string; url?: string; ip?: string }) => ({
      method: req.method,
      url: req.url,
      remoteAddress: req.ip,
    }),
  },
};

/** A redacting logger writing to `destination` (default stdout). */
export function createLogger(destination?: DestinationStream): Logger {
  return destination === undefined ? pino(LOGGER_OPTIONS) : pino(LOGGER_OPTIONS, destination);
}
