/**
 * The command-id rule (commands.ts): 32 lowercase hex digits. Every command and response on the link encodes
 * one, so the rule runs once per frame; the link's profile (issue 14) found its regular expression there.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commandIdBytes, isCommandId, type CommandId } from './commands.ts';
import { TEST_COMMAND_ID } from './test-support.ts';
import { toHex } from './wire.ts';

/** Strings near the rule's edges: lengths 30–34 over hex digits of both cases, a non-hex letter and whitespace. */
const nearIds = fc
  .array(fc.constantFrom(...'0123456789abcdefABCDEFg \n'), { minLength: 30, maxLength: 34 })
  .map((cs) => cs.join(''));

describe('command ids', () => {
  afterEach(() => vi.restoreAllMocks());

  it('issue 14 link profile: a command id is checked and encoded without a regular expression', () => {
    const test = vi.spyOn(RegExp.prototype, 'test');
    const exec = vi.spyOn(RegExp.prototype, 'exec');
    const bytes = commandIdBytes(TEST_COMMAND_ID);
    const valid = isCommandId(TEST_COMMAND_ID);
    const calls = test.mock.calls.length + exec.mock.calls.length;
    vi.restoreAllMocks();
    expect(calls).toBe(0);
    expect(valid).toBe(true);
    expect(toHex(bytes)).toBe(TEST_COMMAND_ID);
  });

  it('accepts exactly 32 lowercase hex digits, and commandIdBytes refuses everything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(nearIds, fc.string(), fc.uint8Array({ minLength: 16, maxLength: 16 }).map(toHex)),
        (s) => {
          const valid = /^[0-9a-f]{32}$/.test(s);
          expect(isCommandId(s)).toBe(valid);
          if (valid) expect(toHex(commandIdBytes(s as CommandId))).toBe(s);
          else expect(() => commandIdBytes(s as CommandId)).toThrow(RangeError);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
