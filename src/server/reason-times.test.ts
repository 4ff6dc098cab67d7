/**
 * Finding: ISO times inside reason messages ("refill by 2026-…T…Z") reached the API, the PDFs and the web
 * raw. A reason carries the instants it names as data (`times`, therapy/verdict.ts) and every surface shows
 * them in the clinic's zone and format through one renderer: the API in a hook before serialization
 * (reason-times.ts), the refill report and the web's reason text (test/browser/reason-text.test.ts) with the same function.
 */
import { instantText } from '../therapy/date-text.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderReasonTimes, type Reason } from '../therapy/verdict.ts';
import { pumpUrl, refillBody, withPumpApi, type PumpApi } from './pump-test-rig.ts';
import { renderTimesIn } from './reason-times.ts';

const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z/;
const AT = Date.UTC(2026, 2, 10, 9, 0); // 10:00 in Prague (CET)
const timed: Reason = {
  code: 'ITB_R_PROG_NEXT_REFILL',
  severity: 'ok',
  message: `refill by ${new Date(AT).toISOString()}; book the visit`,
  times: { refillBy: AT },
};

let open: PumpApi | undefined;
const before = process.env['ITB_TIME_ZONE'];
beforeAll(() => {
  process.env['ITB_TIME_ZONE'] = 'Europe/Prague';
});
afterAll(() => {
  if (before === undefined) delete process.env['ITB_TIME_ZONE'];
  else process.env['ITB_TIME_ZONE'] = before;
});
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});

describe('ISO times inside reason messages', () => {
  it('the API: the refill plan’s reasons name their dates in the clinic’s zone, with the instants as data', async () => {
    open = await withPumpApi();
    const { api, patientId, server } = open;
    const res = await api.call('nurse', 'POST', pumpUrl(patientId, 'refill/plan'), refillBody(server));
    expect(res.statusCode, res.body).toBe(200);
    const text = res.body;
    const reasons = [...text.matchAll(/"message":"([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(reasons.some((m) => m.startsWith('refill by '))).toBe(true);
    for (const m of reasons) expect(m).not.toMatch(ISO);
    const next = (JSON.parse(text) as { guardrail: { reasons: Reason[] } }).guardrail.reasons.find(
      (r) => r.code === 'ITB_R_PROG_NEXT_REFILL',
    );
    const refillBy = next?.times?.['refillBy'];
    expect(typeof refillBy).toBe('number');
    expect(next?.message).toContain(instantText(refillBy ?? 0, 'Europe/Prague'));
  });

  it('the PDFs: the reports’ renderer writes the instant in the clinic’s zone, named', () => {
    const r = renderReasonTimes(timed, (ms) => instantText(ms, 'Europe/Prague'));
    expect(r.message).toBe('refill by Tue 10 Mar 2026 10:00 CET; book the visit');
    expect(r.times).toEqual({ refillBy: AT });
  });

  it('the API hook renders reasons wherever they sit and leaves everything else as it came', () => {
    const when = new Date(AT);
    const plain = { n: 1, list: [{ code: 'ITB_R_X', message: 'no time', severity: 'ok' }] };
    expect(renderTimesIn(plain, () => 'never')).toBe(plain);
    const out = renderTimesIn({ when, deep: [{ r: timed }] }, () => 'TEN') as {
      when: Date;
      deep: { r: Reason }[];
    };
    expect(out.when).toBe(when);
    expect(out.deep[0]?.r.message).toBe('refill by TEN; book the visit');
  });
});
