import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochMs, mcgToNg, millis } from '../therapy/quantities.ts';
import { step } from './controller.ts';
import { getProfile } from './profiles.ts';
import { decodeState, encodeState, memoryErrorState } from './state-codec.ts';
import { DAY, T0, at, continuous, filledPump, newId, runUntil } from './test-fixtures.ts';

describe('state codec for the non-volatile image', () => {
  it('round-trips a state exactly, mid-bolus and with alarms', () => {
    let s = at(
      filledPump({ fillMl: 2.02 }),
      { kind: 'bolus', commandId: newId(), amount: mcgToNg(20), duration: millis(DAY / 4) },
      T0,
    ).state;
    s = runUntil(s, T0 + DAY / 8).state;
    expect(s.alarms.length).toBeGreaterThan(0);
    expect(s.bolus).not.toBeNull();
    const back = decodeState(encodeState(s));
    expect(back).toEqual(s);
    // The decoded state steps exactly like the original.
    expect(runUntil(back, T0 + 2 * DAY).state).toEqual(runUntil(s, T0 + 2 * DAY).state);
  });

  it('a reason with its source in the recent commands made the image undecodable (the pump rebooted into its memory-error safe state): every reason shape the therapy code builds round-trips', () => {
    const reasonArb = fc.record(
      {
        code: fc.constantFrom('ITB_R_PUMP_HARD_LIMIT', 'ITB_R_TITRATION_RESTART'),
        message: fc.string(),
        severity: fc.constantFrom('ok' as const, 'warn' as const, 'block' as const),
        limit: fc.integer(),
        value: fc.integer(),
        source: fc.string({ minLength: 1 }),
        times: fc.dictionary(fc.constantFrom('refillBy', 'since'), fc.integer({ min: 0 })),
      },
      { requiredKeys: ['code', 'message', 'severity'] },
    );
    const base = filledPump({ fillMl: 2.02 });
    fc.assert(
      fc.property(fc.array(reasonArb, { maxLength: 4 }), fc.boolean(), (reasons, ok) => {
        const s = {
          ...base,
          recentCommands: {
            ...base.recentCommands,
            entries: [...base.recentCommands.entries, { id: newId(), result: { ok, reasons } }],
          },
        };
        expect(decodeState(encodeState(s))).toEqual(s);
      }),
      { numRuns: 200 },
    );
  });

  it('stores a registered profile by id and a custom one in full', () => {
    const s = filledPump();
    expect(new TextDecoder().decode(encodeState(s))).toContain('"profile":{"ref":"peristaltic-20"}');
    const custom = { ...getProfile('peristaltic-20'), id: 'custom-1' };
    const c = filledPump({ profile: custom });
    expect(decodeState(encodeState(c)).profile).toEqual(custom);
  });

  it('throws ITB_E_PUMP_STATE_INVALID for any corruption it can see, never a half-valid state', () => {
    const bytes = encodeState(runUntil(filledPump(), T0 + DAY).state);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, b) => {
        const bad = bytes.slice();
        bad[i] = b;
        try {
          const s = decodeState(bad);
          // A flip the schema cannot see (e.g. inside a log message) must still give a usable state.
          expect(() => step(s, { kind: 'tick' }, epochMs(s.clock + DAY))).not.toThrow();
        } catch (e) {
          expect(e).toMatchObject({ code: 'ITB_E_PUMP_STATE_INVALID' });
        }
      }),
      { numRuns: 300 },
    );
    expect(() => decodeState(new Uint8Array([0xff, 0xfe]))).toThrow(
      expect.objectContaining({ code: 'ITB_E_PUMP_STATE_INVALID' }),
    );
  });

  it('rejects states that parse but break an invariant (calculated volume above the reservoir)', () => {
    const s = filledPump();
    const broken = { ...s, reservoir: { ...s.reservoir, volume: s.profile.reservoir.value + 1 } };
    expect(() => decodeState(encodeState(broken as never))).toThrow(
      expect.objectContaining({ code: 'ITB_E_PUMP_STATE_INVALID' }),
    );
  });
});

describe('memoryErrorState: the safe state a corrupted image boots into', () => {
  it('raises the critical memory-error alarm, logs why, delivers nothing and refuses boluses', () => {
    const s = memoryErrorState(getProfile('peristaltic-20'), 'SN-9', T0);
    expect(s.alarms.map((a) => a.type)).toEqual(['memory-error']);
    expect(s.log.entries.map((e) => e.type)).toEqual(['memory-error', 'alarm-raised']);
    expect(s.reservoir.contents).toBeNull();
    const r = at(s, { kind: 'bolus', commandId: newId(), amount: mcgToNg(10), duration: millis(60_000) }, T0);
    expect(r.outputs.result?.code).toBe('ITB_E_PUMP_STATE_UNKNOWN');
    expect(runUntil(s, T0 + DAY).state.totals.deliveredNl).toBe(0);
    expect(decodeState(encodeState(s))).toEqual(s);
  });

  it('refill and reprogram bring it back to therapy', () => {
    let s = memoryErrorState(getProfile('valve-40'), 'SN-9', T0);
    s = at(
      s,
      {
        kind: 'refill',
        commandId: newId(),
        drug: 'baclofen',
        concentration: 2_000_000 as never,
        volumeAdded: 40_000_000 as never,
        newVolume: 40_000_000 as never,
        prescription: continuous(500),
      },
      T0,
    ).state;
    expect(s.alarms).toEqual([]);
    expect(runUntil(s, T0 + DAY).state.totals.deliveredNl).toBe(250_000);
  });
});
