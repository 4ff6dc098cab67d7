/**
 * Finding: a pump that refused the clinic's session — in its back-off after failed key agreements (a flood
 * from a paired peer, docs/threat-model.md), or within its spacing of handshakes — reached the clinician as
 * 500 "an unexpected internal failure; nothing was changed": no word that the pump refused, nor when to try
 * again. The client's error now says why in the code's own words and when to try again, and the API answers
 * 409 with it. A programmer client against a pump side that answers every HELLO with the refusal, then the
 * API's own error handler on what the client threw.
 */
import { describe, expect, it } from 'vitest';
import { nodeCrypto } from '../link/crypto-node.ts';
import type { LinkCode } from '../link/codes.ts';
import { memoryLink } from '../link/memory-transport.ts';
import { ProgrammerClient } from '../link/programmer-client.ts';
import { errorFrame } from '../link/responder-refusals.ts';
import { fixture } from '../link/test-support.ts';
import { renderError } from './errors.ts';

const fx = fixture(nodeCrypto);

/** What an interrogation throws when the pump answers every HELLO with `code`, asking to wait `waitMs`. */
async function refusedWith(code: LinkCode, waitMs: number): Promise<unknown> {
  const client = new ProgrammerClient({
    ctx: fx.clinician,
    connect: () => {
      const link = memoryLink();
      link.pump.onFrame(() => link.pump.send(errorFrame(code, waitMs)));
      return Promise.resolve(link.initiator);
    },
    attempts: 1,
    handshakeTimeoutMs: 2_000,
  });
  try {
    await client.read({ op: 'interrogate-status', commandId: client.newCommandId() });
    return undefined;
  } catch (e) {
    return e;
  } finally {
    client.close();
  }
}

describe('a pump that refuses the session', () => {
  it.each([
    ['ITB_E_LINK_BACKOFF' as const, 4_000, /backing off after failed key agreements.*; try again in 4 s$/],
    ['ITB_E_LINK_RATE_LIMITED' as const, 800, /too soon after the previous one.*; try again in 1 s$/],
  ])(
    'a pump answering %s reached the clinician as 500 "internal failure": 409 says why and when to try again',
    async (code, waitMs, words) => {
      const error = await refusedWith(code, waitMs);
      expect(error).toMatchObject({ code });
      const answer = renderError(error);
      expect(answer.status).toBe(409);
      const issue = answer.outcome.issue[0];
      expect(issue?.details.coding[0]?.code).toBe(code);
      expect(issue?.details.text).toMatch(/^the pump refused the session: /);
      expect(issue?.details.text).toMatch(words);
    },
  );
});
