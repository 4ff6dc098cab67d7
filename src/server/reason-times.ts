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

/** `payload` with every reason that names instants rendered by `format` (a copy where anything changed). */
export function renderTimesIn(payload: unknown, format: (ms: number) => string, depth = 0): unknown {
  if (depth > 40 || typeof payload !== 'object' || payload === null) return payload;
  if (Array.isArray(payload)) {
    const items = payload.map((x: unknown) => renderTimesIn(x, format, depth + 1));
    return items.some((x, i) => x !== payload[i]) ? items : payload;
  }
  // Plain records only: a Date, a Buffer or a class instance goes out as it came.
  const proto = Object.getPrototypeOf(payload) as unknown;
  if (proto !== Object.prototype && proto !== null) return payload;
  const o = payload as Record<string, unknown>;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    out[k] = renderTimesIn(v, format, depth + 1);
    if (out[k] !== v) changed = true;
  }
  if (isTimedReason(o)) return renderReasonTimes(out as unknown as Reason, format);
  return changed ? out : payload;
}

/** Installs the hook on `app` (every JSON answer, in the zone configured when it is sent). */
export function installReasonTimes(app: FastifyInstance): void {
  app.addHook('preSerialization', async (_request, _reply, payload) => {
    const zone = clinicTimeZone();
    return Promise.resolve(renderTimesIn(payload, (ms) => instantText(ms, zone)));
  });
}
