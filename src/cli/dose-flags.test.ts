/**
 * Issue 13, the CLI's numbers: a bare number given to a dose, bolus or concentration flag is in the drug's
 * label unit (mg for morphine, mcg for baclofen), as the web form's number is, and a number with its unit is
 * read as written. Finding: the CLI read a bare number as mcg for every drug, so `itb pump simulate --drug
 * morphine --concentration 10` was 10 mcg/mL while the web form's "10" for morphine is 10 mg/mL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandId } from '../link/commands.ts';
import type { PumpStatus } from '../link/status-codec.ts';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { mcgDecimal } from '../therapy/dose-input.ts';
import type { DrugId } from '../therapy/drug.ts';
import { DRUG_IDS, getDrug } from '../therapy/drug-library.ts';
import { epochMs, mcgPerMl, nanolitres } from '../therapy/quantities.ts';
import { itb, recordedPump, stopAll } from './pump-link.test-support.ts';
import { bolusChange, programChange, refillChange, type Snapshot } from './programmer-changes.ts';
import { firstStart } from './pump-serve.ts';

afterEach(stopAll);

/** The drugs the library doses (saline holds no drug). */
const DOSED = DRUG_IDS.filter((id) => {
  const rule = getDrug(id).concentrations;
  return rule.kind === 'up-to' || rule.allowed.value.some((c) => c > 0);
});

/** Two concentrations the library allows for the drug (ng/mL, whole mcg), the larger first. */
function strengths(id: DrugId): [number, number] {
  const rule = getDrug(id).concentrations;
  if (rule.kind === 'up-to') return [rule.max.value, Math.round(rule.max.value / 2_000) * 1_000];
  const [a = 0, b = a] = [...rule.allowed.value].filter((c) => c > 0).reverse();
  return [a, b];
}
/** A daily dose (ng/day, whole mcg) well inside the drug's hard range. */
const doseOf = (id: DrugId): number => Math.round(getDrug(id).hardDoseRange.value.max / 10_000) * 1_000;

type Kind = 'day' | 'mL' | 'mass';
const SUFFIX: Record<Kind, string> = { day: '/day', mL: '/mL', mass: '' };
/** One quantity (ng, whole mcg) in four spellings. */
function spellings(ng: number, id: DrugId, kind: Kind) {
  const unit = getDrug(id).labelUnit;
  const bare = unit === 'mg' ? mcgDecimal(ng / 1_000) : mcgDecimal(ng);
  return {
    bare,
    label: `${bare} ${unit}${SUFFIX[kind]}`,
    mcg: `${mcgDecimal(ng)} mcg${SUFFIX[kind]}`,
    mg: `${mcgDecimal(ng / 1_000)}mg${SUFFIX[kind]}`,
    /** The bare number in the other unit: what the old reading meant for an mg drug. */
    other: `${bare} ${unit === 'mg' ? 'mcg' : 'mg'}${SUFFIX[kind]}`,
  };
}
type Spelling = keyof ReturnType<typeof spellings>;

/** Each command that takes a dose, bolus or concentration, as args built from one spelling of each. */
const COMMANDS: Record<string, (id: DrugId, s: Spelling) => string[]> = {
  'calc rate': (id, s) => {
    const [c] = strengths(id);
    return [
      'calc',
      'rate',
      '--drug',
      id,
      '--dose',
      spellings(doseOf(id), id, 'day')[s],
      '--concentration',
      spellings(c, id, 'mL')[s],
    ];
  },
  'calc refill': (id, s) => {
    const [c] = strengths(id);
    return [
      'calc',
      'refill',
      '--drug',
      id,
      '--reservoir-ml',
      '20',
      '--fill-ml',
      '20',
      '--start',
      '2026-11-21T09:00Z',
      '--dose',
      spellings(doseOf(id), id, 'day')[s],
      '--concentration',
      spellings(c, id, 'mL')[s],
    ];
  },
  'calc titrate': (id, s) => [
    'calc',
    'titrate',
    '--drug',
    id,
    '--origin',
    'spinal',
    '--current',
    spellings(0, id, 'day')[s],
    '--proposed',
    spellings(doseOf(id), id, 'day')[s],
  ],
  'calc bridge': (id, s) => {
    const [a, b] = strengths(id);
    return [
      'calc',
      'bridge',
      '--drug',
      id,
      '--catheter-ml',
      '0.2',
      '--dose',
      spellings(doseOf(id), id, 'day')[s],
      '--old-concentration',
      spellings(b, id, 'mL')[s],
      '--new-concentration',
      spellings(a, id, 'mL')[s],
    ];
  },
  'pump simulate': (id, s) => {
    const [, c] = strengths(id); // the weaker strength: a flow every pump can run
    return [
      'pump',
      'simulate',
      '--profile',
      'peristaltic-20',
      '--fill-ml',
      '20',
      '--days',
      '2',
      '--drug',
      id,
      '--start',
      '2026-11-21T09:00Z',
      '--dose',
      spellings(doseOf(id), id, 'day')[s],
      '--concentration',
      spellings(c, id, 'mL')[s],
    ];
  },
};

/** What the command answered: its exit code and output. */
const answer = async (args: string[]) => {
  const r = await itb(...args, '--json');
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
};

const status = (id: DrugId, concentration: number): PumpStatus =>
  ({
    stateVersion: 3,
    suspended: false,
    bolus: undefined,
    drug: id,
    concentration,
    reservoir: 18_000_000,
    bolusRemaining: 0,
    doseRate: 0,
    flow: 0,
    mode: 'stopped',
    alarms: [],
  }) as unknown as PumpStatus;
const snapshot = (id: DrugId, concentration: number): Snapshot => ({
  status: status(id, concentration),
  prescription: undefined,
  alarms: undefined,
  log: undefined,
});
const newId = () => 'c1' as CommandId;
/** A programmer change's review and command, or its refusal. */
function change(run: () => { review: unknown; command: unknown }): string {
  try {
    const c = run();
    return JSON.stringify({ review: c.review, command: c.command });
  } catch (e) {
    return e instanceof Error ? `refused: ${e.message}` : 'refused';
  }
}

/** The programmer's changes, reading the flags against a pump holding the drug. */
const PROGRAMMER: Record<string, (id: DrugId, s: Spelling) => string> = {
  'programmer program (drug from the pump)': (id, s) => {
    const [c] = strengths(id);
    return change(() =>
      programChange(
        {
          origin: 'spinal',
          dose: spellings(doseOf(id), id, 'day')[s],
          concentration: spellings(c, id, 'mL')[s],
        },
        snapshot(id, c),
        newId,
      ),
    );
  },
  'programmer refill': (id, s) => {
    const [c] = strengths(id);
    return change(() =>
      refillChange(
        {
          drug: id,
          origin: 'spinal',
          volumeMl: '20',
          measuredResidualMl: '18',
          concentration: spellings(c, id, 'mL')[s],
          dose: spellings(doseOf(id), id, 'day')[s],
        },
        snapshot(id, c),
        newId,
      ),
    );
  },
  'programmer bolus (drug from the pump)': (id, s) => {
    const [c] = strengths(id);
    const bolus = getDrug(id).maxBolus?.value ?? 1_000;
    return change(() =>
      bolusChange(
        { dose: spellings(Math.max(1_000, Math.round(bolus / 2_000) * 1_000), id, 'mass')[s] },
        snapshot(id, c),
        newId,
      ),
    );
  },
};

describe('issue 13: a bare number at the CLI is the drug’s label unit', () => {
  it.each(Object.keys(COMMANDS))(
    'a bare number is the label unit and the mcg and mg spellings agree, for every drug: itb %s',
    async (name) => {
      const build = COMMANDS[name];
      if (build === undefined) throw new Error(name);
      for (const id of DOSED) {
        const bare = await answer(build(id, 'bare'));
        expect(bare.code, `${name} ${id}: ${bare.stderr}`).toBe(0);
        expect(await answer(build(id, 'label')), `${name} ${id}`).toEqual(bare);
        expect(await answer(build(id, 'mcg')), `${name} ${id}`).toEqual(bare);
        expect(await answer(build(id, 'mg')), `${name} ${id}`).toEqual(bare);
        expect(
          await answer(build(id, 'other')),
          `${name} ${id}: the output depends on the amount`,
        ).not.toEqual(bare);
      }
    },
    60_000,
  );

  it.each(Object.keys(PROGRAMMER))(
    'a bare number is the label unit and the mcg and mg spellings agree, for every drug: itb %s',
    (name) => {
      const run = PROGRAMMER[name];
      if (run === undefined) throw new Error(name);
      for (const id of DOSED) {
        const bare = run(id, 'bare');
        expect(bare, `${name} ${id}`).not.toMatch(/^refused/);
        expect(run(id, 'label'), `${name} ${id}`).toBe(bare);
        expect(run(id, 'mcg'), `${name} ${id}`).toBe(bare);
        expect(run(id, 'mg'), `${name} ${id}`).toBe(bare);
        expect(run(id, 'other'), `${name} ${id}`).not.toBe(bare);
      }
    },
  );

  it('a bare --concentration 10 for morphine is 10 mg/mL, not 10 mcg/mL', async () => {
    const r = await itb(
      ...['pump', 'simulate', '--profile', 'peristaltic-20', '--fill-ml', '20', '--days', '1'],
      ...[
        '--drug',
        'morphine',
        '--concentration',
        '10',
        '--dose',
        '3',
        '--start',
        '2026-11-21T09:00Z',
        '--json',
      ],
    );
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { deliveredMl: number; deliveredMcg: number };
    // 3 mg/day at 10 mg/mL is 0.3 mL/day; read in mcg it was 3 mcg/day at 10 mcg/mL, the same flow.
    expect(report.deliveredMl).toBeCloseTo(0.3, 3);
    expect(report.deliveredMcg).toBeCloseTo(3_000, 0);
  });

  it('a bare --dose 3 for `itb programmer program` on a morphine pump is 3 mg/day (the drug read from the pump)', () => {
    const c = programChange({ dose: '3' }, snapshot('morphine', 10_000_000), newId);
    // No --origin: morphine does not treat spasticity, so its verdict does not depend on one.
    expect(c.command).toMatchObject({ prescription: { dose: 3_000_000 } });
    expect(c.review.rows.find((r) => r.field === 'daily dose')?.pending).toBe('3 mg/day');
  });

  it('programmer refill defaulted a morphine pump to baclofen: without --drug the refill keeps the drug the pump holds', () => {
    const flags = { volumeMl: '20', measuredResidualMl: '18', concentration: '10', dose: '3' };
    const c = refillChange(flags, snapshot('morphine', 10_000_000), newId);
    expect(c.command).toMatchObject({ drug: 'morphine', concentration: 10_000_000 });
    expect(c.command).toMatchObject({ prescription: { drug: { drug: 'morphine' }, dose: 3_000_000 } });
    expect(c.review.rows.find((r) => r.field === 'drug')).toMatchObject({
      current: 'morphine',
      pending: 'morphine',
    });
    // A pump that holds no known drug: the drug is asked for, never assumed.
    const unknown = { ...snapshot('morphine', 0), status: { ...status('morphine', 0), drug: undefined } };
    expect(() => refillChange(flags, unknown, newId)).toThrow(/give --drug/);
    expect(() => programChange({ dose: '3', concentration: '10' }, unknown, newId)).toThrow(/give --drug/);
  });

  it('a bare --concentration 10 --dose 3 for `itb pump serve --drug morphine` fills 10 mg/mL and programs 3 mg/day', () => {
    const start = firstStart({ drug: 'morphine', fillMl: '20', concentration: '10', dose: '3' });
    expect(start.fill).toMatchObject({ drug: 'morphine', concentration: 10_000_000 });
    expect(start.prescription).toMatchObject({ dose: 3_000_000 });
  });

  it('a bare --dose 0.2 for `itb pump bolus` on a morphine pump is 0.2 mg, not 0.2 mcg', async () => {
    const s = await recordedPump(
      undefined,
      filledPump({
        prescription: continuous(3000, { drug: 'morphine', concentration: mcgPerMl(25_000) }),
        catheterVolume: nanolitres(110_000),
        now: epochMs(Date.now() - 1_000),
      }),
    );
    const plan = await itb('pump', 'bolus', ...s.link, '--dose', '0.2', '--duration-minutes', '30');
    expect(plan.stderr).toMatch(/^BOLUS on pump .*: 0\.2 mg over 30 min \(cap 1 mg\): warn/);
  }, 60_000);

  it('a bare --dose 0.2 for `itb pump patient-bolus` on a morphine pump is 0.2 mg per bolus, not 0.2 mcg', async () => {
    const s = await recordedPump(
      undefined,
      filledPump({
        prescription: continuous(5_000, { drug: 'morphine', concentration: mcgPerMl(10_000) }),
        catheterVolume: nanolitres(110_000),
        now: epochMs(Date.now() - 1_000),
      }),
    );
    const on = ['--dose', '0.2', '--lockout-minutes', '180', '--max-per-day', '4'];
    const plan = await itb('pump', 'patient-bolus', ...s.link, ...on);
    expect(plan.stderr).toMatch(/patient-controlled bolus, dose per bolus: — → 0\.2 mg\n/);
  }, 60_000);

  it('`itb sim bolus --dose` takes baclofen’s bolus with its unit too: "0.05 mg" and "50 mcg" are the bare 50', async () => {
    const run = async (dose: string) => {
      const r = await itb('sim', 'bolus', '--dose', dose, '--hours', '6', '--json');
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    const bare = await run('50');
    expect(await run('0.05 mg')).toBe(bare);
    expect(await run('50 mcg')).toBe(bare);
  });

  it('a quantity of another dimension is refused naming the flag, and nothing is computed or sent', async () => {
    const mL = await itb('calc', 'rate', '--drug', 'morphine', '--dose', '0.3 mL', '--concentration', '10');
    expect(mL.code).toBe(1);
    expect(mL.stderr).toMatch(/^ITB_E_WRONG_UNIT: --dose: "0\.3 mL" is a volume, but a dose rate is needed/);
    expect(mL.stdout).toBe('');
    const perDay = await itb(
      'calc',
      'rate',
      '--drug',
      'morphine',
      '--dose',
      '3',
      '--concentration',
      '10 mg/day',
    );
    expect(perDay.stderr).toMatch(/^ITB_E_WRONG_UNIT: --concentration: "10 mg\/day" is a dose rate/);
    expect(() => programChange({ dose: '3 mg/mL' }, snapshot('morphine', 10_000_000), newId)).toThrow(
      /--dose: "3 mg\/mL" is a concentration, but a dose rate is needed/,
    );
    expect(() => bolusChange({ dose: '0.2 mg/day' }, snapshot('morphine', 10_000_000), newId)).toThrow(
      /--dose: "0\.2 mg\/day" is a dose rate, but a mass is needed/,
    );
  });
});
