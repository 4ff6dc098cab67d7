import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand } from './command-codec.ts';
import { OPCODES, type Command } from './commands.ts';
import { decodeResponse, encodeResponse } from './responses.ts';
import { commandArb, responseArb } from './test-arbitraries.ts';
import { TEST_COMMAND_ID } from './test-support.ts';
import { fromHex } from './wire.ts';

/** Key order and explicit-vs-missing undefined do not matter: compare canonical JSON. */
const canon = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
const same = (a: unknown, b: unknown) => canon(a) === canon(b);

describe('typed command set (protocol.md §6)', () => {
  it('round-trips every command', () => {
    fc.assert(
      fc.property(commandArb, (c) => {
        const d = decodeCommand(encodeCommand(c));
        return d.ok && same(d.value, c);
      }),
      { numRuns: 3_000 },
    );
  });

  it('round-trips every response, including nested query results', () => {
    fc.assert(
      fc.property(responseArb, (r) => {
        const d = decodeResponse(encodeResponse(r));
        return d.ok && same(d.value, r);
      }),
      { numRuns: 3_000 },
    );
  });

  it('has exactly the documented opcodes: none reads or writes memory (CVE-2019-6538/6540)', () => {
    // Protocol.md §6.1 lists these and only these; a new opcode must be added there and here on purpose.
    expect(Object.entries(OPCODES)).toEqual([
      ['interrogate-status', 0x01],
      ['interrogate-prescription', 0x02],
      ['interrogate-log', 0x03],
      ['interrogate-alarms', 0x04],
      ['program', 0x10],
      ['refill', 0x11],
      ['single-bolus', 0x12],
      ['priming-bolus', 0x13],
      ['bridge-bolus', 0x14],
      ['stop', 0x15],
      ['resume', 0x16],
      ['set-alarm-thresholds', 0x17],
      ['acknowledge-alarm', 0x18],
      ['set-clock', 0x19],
      ['set-catheter', 0x1a],
      ['patient-bolus', 0x20],
      ['query-result', 0x30],
    ]);
    const known = new Set(Object.values(OPCODES));
    for (let op = 0; op < 256; op++) {
      if (known.has(op)) continue;
      // An address and a length, as a memory-read request would carry them.
      const probe = Uint8Array.from([op, ...fromHex(TEST_COMMAND_ID), 0, 0, 0x10, 0, 0, 0x40]);
      expect(decodeCommand(probe)).toMatchObject({ ok: false, code: 'ITB_E_LINK_UNKNOWN_COMMAND' });
    }
  });

  it('refuses trailing bytes, short bodies and out-of-range fields', () => {
    const ok = encodeCommand({ op: 'stop', commandId: TEST_COMMAND_ID, expectedVersion: 3 });
    expect(decodeCommand(Uint8Array.from([...ok, 0]))).toMatchObject({
      code: 'ITB_E_LINK_MALFORMED_COMMAND',
    });
    expect(decodeCommand(ok.slice(0, -1))).toMatchObject({ code: 'ITB_E_LINK_MALFORMED_COMMAND' });
    expect(decodeCommand(new Uint8Array(0))).toMatchObject({ code: 'ITB_E_LINK_MALFORMED_COMMAND' });
    const log = encodeCommand({ op: 'interrogate-log', commandId: TEST_COMMAND_ID, fromSeq: 0, max: 8 });
    log[log.length - 1] = 9; // above MAX_LOG_ENTRIES: the response would not fit a frame
    expect(decodeCommand(log)).toMatchObject({ code: 'ITB_E_LINK_MALFORMED_COMMAND' });
    const ack = encodeCommand({ op: 'acknowledge-alarm', commandId: TEST_COMMAND_ID, alarm: 'eri' });
    ack[ack.length - 1] = 99;
    expect(decodeCommand(ack)).toMatchObject({ code: 'ITB_E_LINK_MALFORMED_COMMAND' });
  });

  it('refuses flex schedules that do not start at midnight or are not increasing', () => {
    const base: Command = {
      op: 'program',
      commandId: TEST_COMMAND_ID,
      expectedVersion: 1,
      patientBolus: undefined,
      prescription: {
        mode: 'flex',
        drug: { drug: 'baclofen', concentration: 2_000_000 as never },
        schedule: {
          everyDay: {
            steps: [
              { startMinute: 0, dose: 100_000 as never },
              { startMinute: 600, dose: 200_000 as never },
            ],
            boluses: [],
          },
        },
      },
    };
    const bytes = encodeCommand(base);
    expect(decodeCommand(bytes).ok).toBe(true);
    // opcode 1 + id 16 + version 4 + mode 1 + drug 1 + concentration 4 + mask 1 + step count 1 = 29.
    const firstMinute = 29;
    const secondMinute = firstMinute + 6;
    const notMidnight = bytes.slice();
    notMidnight[firstMinute + 1] = 1;
    expect(decodeCommand(notMidnight)).toMatchObject({ code: 'ITB_E_LINK_MALFORMED_COMMAND' });
    const backwards = bytes.slice();
    backwards[secondMinute] = 0;
    backwards[secondMinute + 1] = 0;
    expect(decodeCommand(backwards)).toMatchObject({ code: 'ITB_E_LINK_MALFORMED_COMMAND' });
  });

  it('never throws on arbitrary bytes, only typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const c = decodeCommand(b);
        const r = decodeResponse(b);
        return (c.ok || c.code.startsWith('ITB_E_LINK_')) && (r.ok || r.code.startsWith('ITB_E_LINK_'));
      }),
      { numRuns: 5_000 },
    );
  });
});
