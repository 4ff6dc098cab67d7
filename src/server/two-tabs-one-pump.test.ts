/**
 * Finding (two tabs): the first requests to a pump since the server started, arriving together — two tabs
 * opening the same patient's pump page, a nurse and a physician at once — each made their own programmer
 * client, each opened its own link session, and the second handshake met the first's open session at the
 * pump (which accepts one clinician session at a time): the requests never answered. The API keeps one
 * client per implant and now promises it before reading its keys, so requests arriving together share it
 * and the per-pump queue runs them one after the other. Over HTTP with the real app and a real pump behind
 * the link (pump-test-rig.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pumpUrl, withPumpApi, type PumpApi } from './pump-test-rig.ts';

/** `work`, or a rejection after `ms` of real time saying what hung. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('two tabs on one pump', () => {
  let open: PumpApi | undefined;
  afterEach(async () => {
    await open?.dispose();
    open = undefined;
  });

  it('two tabs interrogating one pump at once, the first requests since the server started, never answered: both are answered', async () => {
    open = await withPumpApi();
    const { api, patientId } = open;
    const answers = await within(
      8_000,
      'three interrogations at once',
      Promise.all([
        api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate')),
        api.call('physician', 'POST', pumpUrl(patientId, 'interrogate')),
        api.call('nurse', 'POST', pumpUrl(patientId, 'interrogate')),
      ]),
    );
    for (const a of answers) expect(a.statusCode, a.body.slice(0, 300)).toBe(200);
  });
});
