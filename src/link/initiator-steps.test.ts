/**
 * The shape of the initiator's step results (initiator.ts): lists a step did not fill are one shared, frozen
 * empty list. Two client steps run per round trip, so three fresh empty arrays each were garbage on every
 * frame (issue 14, the link's profile); frozen, a caller cannot add to another step's result.
 */
import { describe, expect, it } from 'vitest';
import { initiatorStep } from './initiator.ts';
import { EXAMPLE_COMMAND, fixture, openSession } from './test-support.ts';

describe('initiator step results', () => {
  it('issue 14 link profile: steps share one frozen empty list for what they do not fill', () => {
    const fx = fixture();
    const { initiator } = openSession(fx.pump, fx.clinician);
    const tick = initiatorStep(fx.clinician, initiator, { kind: 'tick' }, 0);
    const command = initiatorStep(fx.clinician, initiator, { kind: 'command', command: EXAMPLE_COMMAND }, 0);
    expect(command.send).toHaveLength(1);
    expect(command.responses).toBe(tick.send);
    expect(command.events).toBe(tick.responses);
    expect(tick.events).toBe(tick.send);
    expect(tick.send).toHaveLength(0);
    expect(Object.isFrozen(tick.send)).toBe(true);
    expect(() => (tick.send as unknown[]).push(new Uint8Array(1))).toThrow(TypeError);
  });
});
