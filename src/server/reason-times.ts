/**
 * Every reason an API answer carries shows the instants it names in the clinic's zone and format
 * (therapy/verdict.ts `renderReasonTimes`, the renderer the PDFs and the web use too): one hook before
 * serialization, so no route can forget it and no API client reads "refill by 2026-…T…Z" as a local time.
 * The instants stay in `times` as data.
 */
import { instantText } from '../therapy/date-text.ts';
import type { FastifyInstance } from 'fastify';
import { clinicTimeZone } from '../clinic/time-zone.ts';
import { renderReasonTimes, type Reason } from '../therapy/verdict.ts';

const isTimedReason = (x: Record<string, unknown>): boolean =>
  typeof x['message'] === 'string' &&
  typeof x['code'] === 'string' &&
  typeof x['times'] === 'object' &&
  x['times'] !== null;

/**
 * `payload` with every reason that names instants rendered by `format`: a copy of each object or array on the
 * way to a changed reason, the rest shared as it came (a board page is ~190 kB of rows, and copying every
 * object of it for a few dozen reasons was a share of each page's CPU).
 */
export function renderTimesIn(payload: unknown, format: (ms: number) => string, depth = 0): unknown {
  if (depth > 40 || typeof payload !== 'object' || payload === null) return payload;
  if (Array.isArray(payload)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < payload.length; i++) {
      const x: unknown = payload[i];
      const rendered = renderTimesIn(x, format, depth + 1);
      if (rendered !== x) (items ??= [...(payload as unknown[])])[i] = rendered;
    }
    return items ?? payload;
  }
  // Plain records only: a Date, a Buffer or a class instance goes out as it came.
  const proto = Object.getPrototypeOf(payload) as unknown;
  if (proto !== Object.prototype && proto !== null) return payload;
  const o = payload as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'object' || v === null) continue;
    const rendered = renderTimesIn(v, format, depth + 1);
    if (rendered !== v) (out ??= { ...o })[k] = rendered;
  }
  if (isTimedReason(o)) return renderReasonTimes((out ?? o) as unknown as Reason, format);
  return out ?? payload;
}

/** Installs the hook on `app` (every JSON answer, in the zone configured when it is sent). */
export function installReasonTimes(app: FastifyInstance): void {
  app.addHook('preSerialization', async (_request, _reply, payload) => {
    const zone = clinicTimeZone();
    return Promise.resolve(renderTimesIn(payload, (ms) => instantText(ms, zone)));
  });
}
