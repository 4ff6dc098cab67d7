import { describe, expect, it } from 'vitest';
import { mcgPerMl, mcgToNg, millis, mlToNl } from '../therapy/quantities.ts';
import { step } from './controller.ts';
import type { PumpCommand } from './inputs.ts';
import type { PumpState } from './state.ts';
import {
  BACLOFEN_2000,
  DAY,
  HOUR,
  T0,
  at,
  continuous,
  filledPump,
  newId,
  runUntil,
} from './test-fixtures.ts';

const codes = (r: ReturnType<typeof step>) => r.outputs.result?.reasons.map((x) => x.code) ?? [];
const program = (
  s: PumpState,
  p = continuous(600),
  extra: Partial<Extract<PumpCommand, { kind: 'program' }>> = {},
) =>
  at(
    s,
    { kind: 'program', commandId: newId(), expectedVersion: s.version, prescription: p, ...extra },
    s.clock,
  );

describe('compare-and-set on the state version', () => {
  it('refuses a program written against an older version (ITB_E_PUMP_VERSION_CONFLICT)', () => {
    const s = filledPump();
    const r = at(
      s,
      { kind: 'program', commandId: newId(), expectedVersion: s.version - 1, prescription: continuous(600) },
      T0,
    );
    expect(r.outputs.result).toMatchObject({ ok: false, code: 'ITB_E_PUMP_VERSION_CONFLICT' });
    expect(r.state.prescription).toEqual(s.prescription);
  });

  it('bumps the version on every accepted configuration command', () => {
    const s = filledPump();
    const r = program(s);
    expect(r.outputs.result?.ok).toBe(true);
    expect(r.state.version).toBe(s.version + 1);
  });
});

describe('idempotency: a repeated commandId returns the stored result without acting again', () => {
  it('a repeated bolus id does not start a second bolus, even after the first has finished', () => {
    const s = filledPump();
    const bolus = {
      kind: 'bolus',
      commandId: 'b-1',
      amount: mcgToNg(20),
      duration: millis(10 * 60_000),
    } as const;
    const first = at(s, bolus, T0);
    const done = runUntil(first.state, T0 + HOUR).state;
    const again = at(done, bolus, T0 + HOUR);
    expect(again.outputs.result).toEqual(first.outputs.result);
    expect(again.state.bolus).toBeNull();
    expect(again.outputs.log.map((e) => e.type)).toEqual(['command-repeated']);
  });

  it('remembers at least 64 results; the oldest fall out first', () => {
    let s = filledPump();
    for (let i = 0; i < 70; i++)
      s = at(s, { kind: 'set-clock', commandId: `c-${i}`, utcOffsetMinutes: i }, T0).state;
    expect(s.recentCommands.entries).toHaveLength(64);
    expect(s.recentCommands.entries[0]?.id).toBe('c-6');
    const v = s.version;
    expect(at(s, { kind: 'set-clock', commandId: 'c-69', utcOffsetMinutes: 0 }, T0).state.version).toBe(v);
  });
});

describe('hard limits enforced by the pump itself (defence in depth, docs/architecture.md principle 4)', () => {
  it('refuses a dose above the drug library hard maximum (baclofen 2003 µg/day)', () => {
    const r = program(filledPump(), continuous(2500));
    expect(r.outputs.result).toMatchObject({ ok: false, code: 'ITB_E_INVALID_PRESCRIPTION' });
    expect(codes(r)).toContain('ITB_R_DOSE_ABOVE_HARD_LIMIT');
  });

  it('refuses a prescription for a concentration other than the reservoir holds', () => {
    const r = program(filledPump(), continuous(500, { drug: 'baclofen', concentration: mcgPerMl(1000) }));
    expect(r.outputs.result).toMatchObject({ ok: false, code: 'ITB_E_PUMP_DRUG_MISMATCH' });
  });

  it('refuses a flow below the device minimum (0.048 mL/day [U])', () => {
    const r = program(filledPump(), continuous(50)); // 0.025 mL/day at 2000 µg/mL
    expect(codes(r)).toContain('ITB_R_PUMP_RATE_BELOW_MIN');
  });

  it('refuses a bolus above the single-bolus maximum and one that breaks the rolling 24 h total', () => {
    const s = filledPump({ prescription: continuous(1950) });
    const big = at(
      s,
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(150), duration: millis(HOUR) },
      T0,
    );
    expect(codes(big)).toContain('ITB_R_PUMP_BOLUS_ABOVE_MAX');
    const day = runUntil(s, T0 + DAY).state;
    const r = at(
      day,
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(80), duration: millis(HOUR) },
      T0 + DAY,
    );
    expect(r.outputs.result?.code).toBe('ITB_E_PUMP_HARD_LIMIT');
    expect(codes(r)).toContain('ITB_R_PUMP_ROLLING_24H_ABOVE_MAX');
  });

  it('refuses an absurd bolus (200 mg in 1 ms) instead of throwing: a command never crashes the pump', () => {
    const r = at(
      filledPump(),
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(200_000), duration: millis(1) },
      T0,
    );
    expect(r.outputs.result?.code).toBe('ITB_E_PUMP_HARD_LIMIT');
    expect(codes(r)).toEqual(
      expect.arrayContaining(['ITB_R_PUMP_RATE_ABOVE_MAX', 'ITB_R_PUMP_BOLUS_ABOVE_MAX']),
    );
  });

  it('refuses a refill with a concentration the library does not allow, and one that overfills', () => {
    const s = filledPump();
    const odd = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: mcgPerMl(1500),
        volumeAdded: mlToNl(20),
        newVolume: mlToNl(20),
      },
      T0,
    );
    expect(codes(odd)).toContain('ITB_R_PUMP_CONCENTRATION_NOT_ALLOWED');
    const over = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: BACLOFEN_2000.concentration,
        volumeAdded: mlToNl(21),
        newVolume: mlToNl(21),
      },
      T0,
    );
    expect(codes(over)).toContain('ITB_R_PUMP_OVERFILL');
  });

  it('a refill that changes the concentration needs the new prescription, and mixing is refused', () => {
    const s = filledPump();
    const c1000 = mcgPerMl(1000);
    const bare = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: c1000,
        volumeAdded: mlToNl(20),
        newVolume: mlToNl(20),
      },
      T0,
    );
    expect(bare.outputs.result?.code).toBe('ITB_E_PUMP_DRUG_MISMATCH');
    const mixed = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: c1000,
        volumeAdded: mlToNl(10),
        newVolume: mlToNl(15),
        prescription: continuous(500, { drug: 'baclofen', concentration: c1000 }),
      },
      T0,
    );
    expect(codes(mixed)).toContain('ITB_R_PUMP_MIXED_CONTENTS');
    const ok = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: c1000,
        volumeAdded: mlToNl(20),
        newVolume: mlToNl(20),
        prescription: continuous(500, { drug: 'baclofen', concentration: c1000 }),
      },
      T0,
    );
    expect(ok.outputs.result?.ok).toBe(true);
  });

  it('H46 compounding or mixing errors: an unlisted strength and another drug on top of a residual are refused, the pump unchanged', () => {
    const s = filledPump(); // baclofen 2000 mcg/mL
    const refill = (drug: 'baclofen' | 'morphine', concentration: number, added: number, total: number) =>
      at(
        s,
        {
          kind: 'refill',
          commandId: newId(),
          drug,
          concentration: concentration as never,
          volumeAdded: mlToNl(added),
          newVolume: mlToNl(total),
          prescription:
            drug === 'morphine'
              ? continuous(1000, { drug, concentration: concentration as never })
              : continuous(500, { drug, concentration: concentration as never }),
        },
        T0,
      );
    // A dilution compounded to a strength the library does not hold (baclofen is listed, not "up to").
    const compounded = refill('baclofen', mcgPerMl(1500), 20, 20);
    expect(codes(compounded)).toContain('ITB_R_PUMP_CONCENTRATION_NOT_ALLOWED');
    // Morphine injected on top of 5 mL of baclofen left in the reservoir: the mixture's strengths are unknown.
    const mixed = refill('morphine', mcgPerMl(10_000), 10, 15);
    expect(codes(mixed)).toContain('ITB_R_PUMP_MIXED_CONTENTS');
    for (const r of [compounded, mixed]) {
      expect(r.outputs.result?.ok).toBe(false);
      expect(r.state.reservoir).toEqual(s.reservoir);
      expect(r.state.prescription).toEqual(s.prescription);
    }
  });

  it('reconciles the drained residual at refill and warns beyond 1 mL in a 20 mL pump (Maino 2017)', () => {
    const s = runUntil(filledPump(), T0 + 10 * DAY).state; // 17.5 mL calculated
    const r = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: BACLOFEN_2000.concentration,
        volumeAdded: mlToNl(20),
        newVolume: mlToNl(20),
        drainedVolume: mlToNl(15),
      },
      T0 + 10 * DAY,
    );
    expect(r.outputs.result?.ok).toBe(true);
    expect(r.outputs.result?.reasons.map((x) => [x.code, x.severity])).toContainEqual([
      'ITB_R_RESIDUAL_LOWER_THAN_EXPECTED',
      'warn',
    ]);
  });
});

describe('unknown state fails closed', () => {
  it('after a critical memory fault boluses are refused; refill and reprogram clear the alarm', () => {
    let s = at(filledPump(), { kind: 'memory-fault', severity: 'critical' }, T0).state;
    expect(s.alarms.map((a) => a.type)).toContain('memory-error');
    const b = at(s, { kind: 'bolus', commandId: newId(), amount: mcgToNg(20), duration: millis(HOUR) }, T0);
    expect(b.outputs.result?.code).toBe('ITB_E_PUMP_STATE_UNKNOWN');
    s = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: BACLOFEN_2000.concentration,
        volumeAdded: mlToNl(20),
        newVolume: mlToNl(20),
        prescription: continuous(500),
      },
      T0 + HOUR,
    ).state;
    expect(s.memory).toBe('ok');
    expect(s.alarms).toEqual([]);
  });

  it('a pump that was never filled refuses programs and boluses', () => {
    const s = filledPump();
    const blank = {
      ...s,
      reservoir: { contents: null, volume: mlToNl(0) },
      prescription: { mode: 'stopped' as const },
    };
    expect(program(blank).outputs.result?.code).toBe('ITB_E_PUMP_STATE_UNKNOWN');
  });
});

describe('stop and resume (FDA 2014 hazard: forgets to resume after a pause)', () => {
  it('stop keeps the prescription, warns of withdrawal, and delivers nothing until resumed', () => {
    const s = filledPump();
    const r = at(s, { kind: 'stop', commandId: newId() }, T0);
    expect(r.outputs.result?.reasons.map((x) => x.code)).toEqual(['ITB_R_PUMP_WITHDRAWAL_RISK']);
    expect(r.state.prescription).toEqual(s.prescription);
    const idle = runUntil(r.state, T0 + DAY).state;
    expect(idle.totals.deliveredNl).toBe(0);
    const back = runUntil(
      at(idle, { kind: 'resume', commandId: newId() }, T0 + DAY).state,
      T0 + 2 * DAY,
    ).state;
    expect(back.totals.deliveredNl).toBe(mlToNl(0.25));
  });

  it('out-of-range settings are refused with the profile range', () => {
    const s = filledPump();
    expect(
      codes(at(s, { kind: 'set-alarm-thresholds', commandId: newId(), lowReservoir: mlToNl(0.1) }, T0)),
    ).toEqual(['ITB_R_PUMP_SETTING_OUT_OF_RANGE']);
    expect(codes(at(s, { kind: 'set-catheter-volume', commandId: newId(), volume: mlToNl(3) }, T0))).toEqual([
      'ITB_R_PUMP_SETTING_OUT_OF_RANGE',
    ]);
    expect(
      at(s, { kind: 'set-alarm-thresholds', commandId: newId(), lowReservoir: mlToNl(4) }, T0).state
        .thresholds.lowReservoir,
    ).toBe(mlToNl(4));
  });

  it('malformed commands are refused with ITB_E_PUMP_INVALID_COMMAND and change nothing', () => {
    const s = filledPump();
    const r = step(s, { kind: 'bolus', commandId: newId(), amount: 1.5, duration: 10 } as never, T0);
    expect(r.outputs.result?.code).toBe('ITB_E_PUMP_INVALID_COMMAND');
    expect(r.state.bolus).toBeNull();
  });
});
