// CLI tests: run the real `itb calc` command and check the docs/architecture.md contract (one JSON object with
// --json; errors on stderr with a code and a non-zero exit; never a number for invalid input).
import { describe, expect, it } from 'vitest';
import { itb, itbJson } from '../../test/cli.ts';
import { DAY, T0, continuous, filledPump, runUntil } from '../pump/test-fixtures.ts';

describe('itb calc (real command)', () => {
  it('rate: 500 mcg/day at 2000 mcg/mL is 0.25 mL/day, whatever units are typed', async () => {
    const [a, b] = await Promise.all([
      itbJson('calc', 'rate', '--dose', '500', '--concentration', '2000'),
      itbJson('calc', 'rate', '--dose', '0.5 mg/day', '--concentration', '2 mg/mL'),
    ]);
    expect(a.json.mlPerDay).toBe(0.25);
    expect(b.json.mlPerDay).toBe(0.25);
  });

  it('refill: dates for a 20 mL fill at 0.25 mL/day with a 2 mL alarm (18 mL / 0.25 = 72 days)', async () => {
    const { json } = await itbJson(
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
      '2026-11-21T09:00Z',
    );
    expect(json).toMatchObject({
      mlPerDay: 0.25,
      daysToLowAlarm: 72,
      lowAlarmAt: '2027-02-01T09:00:00.000Z',
      daysToEmpty: 80,
      emptyAt: '2027-02-09T09:00:00.000Z',
      // Refill 5 days before the alarm [C: Gillette Children's; Neuromodulation 2023].
      refillBy: '2027-01-27T09:00:00.000Z',
    });
  });

  it('refill: a low dose is limited by the 180-day stability of baclofen [C: label]', async () => {
    const { json } = await itbJson(
      'calc',
      'refill',
      '--reservoir-ml',
      '20',
      '--fill-ml',
      '20',
      '--concentration',
      '2000',
      '--dose',
      '100',
      '--start',
      '2026-11-21T00:00Z',
    );
    expect(json.refillBy).toBe('2027-05-20T00:00:00.000Z');
  });

  it('reasons and texts still written in mcg for an mg drug: the morphine bridge is stated in mg', async () => {
    const r = await itb(
      'calc',
      'bridge',
      '--drug',
      'morphine',
      '--catheter-ml',
      '0.25',
      '--old-concentration',
      '25 mg/mL',
      '--new-concentration',
      '10 mg/mL',
      '--dose',
      '3 mg/day',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\(6\.25 mg\),/);
    expect(r.stdout).toMatch(/without a bridge: 7\.5 mg\/day for /);
    expect(r.stdout).toMatch(/bridge 25 mg\/mL → 10 mg\/mL/);
    expect(r.stdout).not.toMatch(/\d mcg/);
  });

  it('titrate, reconcile, start-dose and bridge follow the contract', async () => {
    const [t, r, s, b] = await Promise.all([
      itbJson(
        'calc',
        'titrate',
        '--current',
        '400',
        '--proposed',
        '500',
        '--origin',
        'spinal',
        '--hours-since-last-change',
        '30',
      ),
      itbJson('calc', 'reconcile', '--reservoir-ml', '20', '--expected-ml', '5', '--measured-ml', '7.5'),
      itbJson('calc', 'start-dose', '--screening-dose', '50', '--effect-hours', '6'),
      itbJson(
        'calc',
        'bridge',
        '--catheter-ml',
        '0.25',
        '--old-concentration',
        '500',
        '--new-concentration',
        '2000',
        '--dose',
        '400',
      ),
    ]);
    expect(t.json).toMatchObject({ changePercent: 25 });
    expect(Object.keys(t.json).sort()).toEqual(['changePercent', 'reasons', 'verdict']);
    expect(r.json).toMatchObject({ discrepancyMl: 2.5, verdict: 'warn' });
    expect(s.json).toMatchObject({ dailyDoseMcg: 100 });
    expect(b.json).toMatchObject({
      bridgeNeeded: true,
      oldFluidMl: 0.25,
      bridgeFlowMlPerDay: 0.8,
      bridgeHours: 7.5,
    });
  });

  it('calc reconcile named baclofen’s withdrawal for a morphine residual: --drug names the drug’s own signs', async () => {
    const morphine = await itbJson(
      'calc',
      'reconcile',
      '--reservoir-ml',
      '20',
      '--expected-ml',
      '5',
      '--measured-ml',
      '7.5',
      '--drug',
      'morphine',
    );
    const text = JSON.stringify(morphine.json);
    expect(text).toContain('observe for withdrawal (restlessness, anxiety, irritability');
    expect(text).not.toMatch(/spasticity|itching/);
  });

  it.each([
    [['rate', '--dose', '0', '--concentration', '2000'], 'ITB_E_NON_POSITIVE'],
    [['rate', '--dose', '-5', '--concentration', '2000'], 'ITB_E_NON_POSITIVE'],
    [['rate', '--dose', '500 mcg/hour', '--concentration', '2000'], 'ITB_E_UNKNOWN_UNIT'],
    [['rate', '--dose', '500', '--concentration', '1500'], 'ITB_E_CONCENTRATION_NOT_IN_LIBRARY'],
    [['rate', '--dose', '500', '--concentration', '2'], 'ITB_E_UNIT_SLIP'],
    [['rate', '--dose', '500 mg/day', '--concentration', '2000'], 'ITB_E_UNIT_SLIP'],
    [['rate', '--dose', '500'], 'ITB_E_INVALID_INPUT'],
    [
      ['refill', '--reservoir-ml', '20', '--fill-ml', '25', '--concentration', '2000', '--dose', '500'],
      'ITB_E_OUT_OF_RANGE',
    ],
    [
      ['reconcile', '--reservoir-ml', '30', '--expected-ml', '5', '--measured-ml', '5'],
      'ITB_E_UNKNOWN_RESERVOIR_SIZE',
    ],
    [['titrate', '--current', '400', '--proposed', '500', '--origin', 'cortical'], 'ITB_E_INVALID_INPUT'],
  ])('refuses %j with %s, printing nothing on stdout', async (args, code) => {
    const [human, json] = await Promise.all([itb('calc', ...args), itb('calc', ...args, '--json')]);
    expect(human.code).not.toBe(0);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(new RegExp(`^${code}: .+`));
    expect(json.code).not.toBe(0);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code } });
  });

  it('calc rate 50 mcg/day at 2000 mcg/mL (0.025 mL/day) is refused with --profile and never ok without it', async () => {
    const [bare, named] = await Promise.all([
      itbJson('calc', 'rate', '--dose', '50', '--concentration', '2000'),
      itbJson('calc', 'rate', '--dose', '50', '--concentration', '2000', '--profile', 'peristaltic-20'),
    ]);
    expect(bare.json).toMatchObject({ mlPerDay: 0.025, verdict: 'warn', profile: null });
    expect(named.json).toMatchObject({ mlPerDay: 0.025, verdict: 'block', profile: 'peristaltic-20' });
    const codes = (named.json.reasons as { code: string }[]).map((r) => r.code);
    expect(codes).toContain('ITB_R_PUMP_RATE_BELOW_MIN');
  });

  it('calc refill empty date agrees with the pump empty alarm with --profile; without it says it assumed 0 mL', async () => {
    const args = [
      '--fill-ml',
      '20',
      '--concentration',
      '2000',
      '--dose',
      '1000',
      '--start',
      new Date(T0).toISOString(),
    ];
    const [named, bare] = await Promise.all([
      itbJson('calc', 'refill', ...args, '--profile', 'peristaltic-20'),
      itbJson('calc', 'refill', ...args, '--reservoir-ml', '20'),
    ]);
    const pump = runUntil(filledPump({ prescription: continuous(1000) }), T0 + 45 * DAY);
    const alarm = pump.alarms.find((a) => a.alarm === 'empty-reservoir' && a.change === 'raised')?.at ?? 0;
    const emptyAt = Date.parse(named.json.emptyAt as string);
    // The pump raises its alarm at the first whole stroke at or after the projected instant.
    expect(alarm - emptyAt).toBeGreaterThanOrEqual(0);
    expect(alarm - emptyAt).toBeLessThan(DAY / 1000);
    expect(Date.parse(bare.json.emptyAt as string) - emptyAt).toBe(DAY); // 0.5 mL at 0.5 mL/day
    const bareCodes = (bare.json.reasons as { code: string }[]).map((r) => r.code);
    expect(bareCodes).toContain('ITB_R_EMPTY_AT_ZERO_ASSUMED');
  });

  it('calc refill --profile valve-20 refuses 50 mcg/mL baclofen (labelled 500–2000 mcg/mL)', async () => {
    const r = await itb(
      'calc',
      'refill',
      '--fill-ml',
      '20',
      '--concentration',
      '50',
      '--dose',
      '100',
      '--profile',
      'valve-20',
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^ITB_E_PUMP_HARD_LIMIT: .*500/);
  });

  it('no age floor: calc titrate --age-years 2 is no longer ok with no word (baclofen labelled from age 4)', async () => {
    const { json } = await itbJson(
      'calc',
      'titrate',
      '--current',
      '100',
      '--proposed',
      '110',
      '--origin',
      'cerebral',
      '--hours-since-last-change',
      '48',
      '--age-years',
      '2',
    );
    expect(json.verdict).toBe('warn');
    expect((json.reasons as { code: string }[]).map((r) => r.code)).toContain('ITB_R_AGE_BELOW_DRUG_LABEL');
  });

  it('pain drug titration asked for a spasticity origin: ziconotide is checked without --origin, baclofen still needs it', async () => {
    const zic = await itbJson(
      'calc',
      'titrate',
      '--drug',
      'ziconotide',
      '--current',
      '2.4',
      '--proposed',
      '4.8',
      '--hours-since-last-change',
      '72',
      '--increases-past-week',
      '0',
    );
    expect(zic.json.verdict).toBe('warn');
    expect((zic.json.reasons as { code: string }[]).map((r) => r.code)).toContain(
      'ITB_R_TITRATION_WITHIN_STEP',
    );
    const bac = await itb('calc', 'titrate', '--current', '400', '--proposed', '440');
    expect(bac.code).not.toBe(0);
    expect(bac.stderr).toMatch(/^ITB_E_INVALID_INPUT: --origin is required for baclofen/);
  });

  it('opioid status flag: calc titrate --opioid-status decides a 2 mg/day morphine start', async () => {
    const start = (...status: string[]) =>
      itb(
        'calc',
        'titrate',
        '--drug',
        'morphine',
        '--current',
        '0',
        '--proposed',
        '2 mg/day',
        '--origin',
        'spinal',
        '--age-years',
        '40',
        ...status,
        '--json',
      );
    const codesOf = (stdout: string) => {
      const out = JSON.parse(stdout) as { verdict: string; reasons: { code: string }[] };
      return { verdict: out.verdict, codes: out.reasons.map((r) => r.code) };
    };
    // Unknown: above the naive range (0.2–1 mg/day, Infumorph label) is refused until it is recorded.
    const unknown = codesOf((await start()).stdout);
    expect(unknown.verdict).toBe('block');
    expect(unknown.codes).toContain('ITB_R_OPIOID_STATUS_UNKNOWN');
    const naive = codesOf((await start('--opioid-status', 'naive')).stdout);
    expect(naive.verdict).toBe('block');
    expect(naive.codes).toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');
    // Tolerant: 2 mg/day is within the tolerant range (1–10 mg/day); only the restart warning remains.
    const tolerant = codesOf((await start('--opioid-status', 'tolerant')).stdout);
    expect(tolerant.verdict).toBe('warn');
    expect(tolerant.codes).not.toContain('ITB_R_OPIOID_STATUS_UNKNOWN');
    expect(tolerant.codes).not.toContain('ITB_R_OPIOID_NAIVE_START_ABOVE_RANGE');
    const bad = await start('--opioid-status', 'sometimes');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('ITB_E_INVALID_INPUT');
  });
});
