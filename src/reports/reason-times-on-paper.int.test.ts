/**
 * I14 times on paper: an instant a reason names (`times`) prints on the session summary in the clinic's zone
 * (ITB_TIME_ZONE) through the one renderer, read back from the real PDF with PDF.js. The same record printed
 * by a clinic in New York and one on UTC gives different days near midnight, and never UTC ISO text.
 */
import { describe, expect, it } from 'vitest';
import { API_BACKENDS, emailOf, START, startApi, type TestApi } from '../server/test-support.ts';
import { withTimes } from '../therapy/verdict.ts';
import { hasPhrase, readPdf } from './pdf-read.test-support.ts';

const backend = API_BACKENDS[0]!;
const H = 3_600_000;
const rx = {
  mode: 'simple-continuous' as const,
  drug: 'baclofen' as const,
  concentrationMcgPerMl: 500,
  doseMcgPerDay: 300,
};
const status = { reservoir: 12_000_000, batteryPercent: 81, alarms: [], suspended: false, bolusRemaining: 0 };
// Stopped at 01:00 UTC on 1 Jan 2024: 20:00 on 31 Dec in New York. The refill is at 03:00 UTC.
const STOPPED = START + H;
const RESTART = withTimes(
  {
    code: 'ITB_R_PROG_RESTART_AFTER_INTERRUPTION',
    severity: 'warn',
    message: `no drug delivered since ${new Date(STOPPED).toISOString()} (0 days 2 h, more than 1 h): restart low`,
  },
  { interruptedSince: STOPPED },
);

async function summaryIn(zone: string, day: string): Promise<string> {
  const before = process.env['ITB_TIME_ZONE'];
  process.env['ITB_TIME_ZONE'] = zone;
  let api: TestApi | undefined;
  try {
    api = await startApi(backend);
    api.clock.t = START + 4 * H;
    const nurse = (await api.store.findUserForLogin(emailOf('nurse')))!.user;
    await api.store.recordProgrammingSession(
      {
        patientId: api.patientA.id,
        implantId: api.implantA.id,
        at: START + 3 * H,
        interrogation: { workflow: 'refill', snapshot: { status, prescription: rx } },
        diff: [],
        guardrail: { verdict: 'warn', reasons: [RESTART] },
        justification: 'restarted at the prior dose after a short stop',
      },
      { actor: `user:${nurse.id}` },
    );
    const res = await api.call(
      'physician',
      'GET',
      `/api/v1/patients/${api.patientA.id}/session-summary.pdf?day=${day}`,
    );
    expect(res.statusCode).toBe(200);
    return (await readPdf(res.rawPayload)).text.join(' ');
  } finally {
    if (before === undefined) delete process.env['ITB_TIME_ZONE'];
    else process.env['ITB_TIME_ZONE'] = before;
    await api?.dispose();
  }
}

describe('I14 times on paper: a reason instant prints in the clinic zone', () => {
  it('I14 times on paper: the session summary prints a reason instant in the clinic zone (New York vs UTC near midnight)', async () => {
    const ny = await summaryIn('America/New_York', '2023-12-31');
    expect(hasPhrase(ny, 'no drug delivered since Sun 31 Dec 2023 20:00'), ny).toBe(true);
    const utc = await summaryIn('UTC', '2024-01-01');
    expect(hasPhrase(utc, 'no drug delivered since Mon 1 Jan 2024 01:00 UTC'), utc).toBe(true);
    for (const text of [ny, utc]) expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});
