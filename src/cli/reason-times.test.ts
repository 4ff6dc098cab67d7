/**
 * I14 times on the CLI: a reason that names an instant prints it in the clinic's zone (ITB_TIME_ZONE) through
 * the one renderer the API, the web and the PDFs use — never as UTC ISO text — in the human summary and in
 * `--json`, with the instant kept as data in `times`.
 */
import { instantText } from '../therapy/date-text.ts';
import { describe, expect, it } from 'vitest';
import { itbWithEnv } from '../../test/cli.ts';

// A 20 mL fill at 0.25 mL/day with a 2 mL alarm: refill by 72 − 5 days later, 03:00 UTC — the evening
// before in New York.
const REFILL = [
  'calc',
  'refill',
  '--reservoir-ml',
  '20',
  '--fill-ml',
  '20',
  '--concentration',
  '2000',
  '--dose',
  '500',
  '--start',
  '2026-11-21T03:00Z',
];
const REFILL_BY = Date.parse('2027-01-27T03:00:00.000Z');

describe('I14 times: the CLI prints reason times in the clinic zone', () => {
  it('I14 times: the CLI prints reason times in the clinic zone, not UTC ISO text (New York vs UTC near midnight)', async () => {
    const [ny, utc] = await Promise.all([
      itbWithEnv({ ITB_TIME_ZONE: 'America/New_York' }, ...REFILL),
      itbWithEnv({ ITB_TIME_ZONE: 'UTC' }, ...REFILL),
    ]);
    expect(ny.code, ny.stderr).toBe(0);
    expect(ny.stdout).toContain(`refill by ${instantText(REFILL_BY, 'America/New_York')}`);
    expect(instantText(REFILL_BY, 'America/New_York')).toMatch(/^Tue 26 Jan 2027 22:00 /);
    expect(utc.stdout).toContain('refill by Wed 27 Jan 2027 03:00 UTC');
    for (const out of [ny.stdout, utc.stdout]) expect(out).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  it('I14 times: --json reasons read as the API answers them, the instant kept as data', async () => {
    const r = await itbWithEnv({ ITB_TIME_ZONE: 'America/New_York' }, ...REFILL, '--json');
    const json = JSON.parse(r.stdout) as {
      reasons: { code: string; message: string; times?: Record<string, number> }[];
    };
    const byAlarm = json.reasons.find((x) => x.code === 'ITB_R_REFILL_BY_ALARM');
    expect(byAlarm?.message).toContain(`refill by ${instantText(REFILL_BY, 'America/New_York')}`);
    expect(byAlarm?.times).toEqual({ refillBy: REFILL_BY });
  });

  it('I14 times: an ITB_TIME_ZONE the runtime does not know is refused with a clear error and no output', async () => {
    const r = await itbWithEnv({ ITB_TIME_ZONE: 'Mars/Olympus' }, ...REFILL);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ITB_E_INVALID_INPUT: ITB_TIME_ZONE=Mars\/Olympus/);
  });
});
