/**
 * I11 person-only alerts: an alert raised for a write the pump applied but reads back differently, or for a
 * stop, resume or bolus whose outcome the link could not learn, is closed by no recorded action — not a
 * confirmed resume, refill, bridge, heard alarm test, the pump's later answer for that very command, nor an
 * interrogation. Its text says what the person must check; only a person's resolve with a note closes it
 * (SQLite and PostgreSQL, through the app's authorization and error handler).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PERSON_ONLY_CAUSES, type Alert } from '../clinic/clinical-records.ts';
import { alertForWrite, type WriteResult } from '../programmer/write.ts';
import { API_BACKENDS } from './test-support.ts';
import { pumpUrl as url, withPumpApi, type PumpApi } from './pump-test-rig.ts';

let open: PumpApi | undefined;
afterEach(async () => {
  await open?.dispose();
  open = undefined;
});
const sys = { actor: 'system:test' };

/** What the programmer's write step returns when the link lost the answer or the read-back differs. */
const write = (op: WriteResult['op'], commandId: string, status: 'unknown' | 'readback-mismatch') =>
  ({
    op,
    commandId,
    status,
    execution: { outcome: 'unknown', reason: 'link lost' },
    pumpReasons: [],
    readBack:
      status === 'unknown'
        ? null
        : { read: true, mismatches: [{ path: 'prescription.dose' }], snapshot: null },
  }) as unknown as WriteResult;

/** Every automatic closing the clinic records, each pointed at the commands above where it can name one. */
const AUTOMATIC = (commandIds: readonly string[]): Record<string, unknown>[] => [
  { workflow: 'resume', write: { status: 'verified' } },
  { workflow: 'refill', write: { status: 'verified' }, bridge: { status: 'verified' } },
  { workflow: 'alarm-test', heard: true },
  ...commandIds.map((commandId) => ({
    workflow: 'reconcile-write',
    write: { commandId, status: 'verified' },
  })),
];

for (const backend of API_BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(`I11 person-only alerts on ${backend.name}`, () => {
    it('I11 person-only alerts: a read-back mismatch or an unknown stop/resume/bolus outcome is closed by no automatic action, only by a person with a note', async () => {
      open = await withPumpApi({ backend });
      const { api, patientId, implantId } = open;
      const target = { patientId, implantId, actor: 'user:nurse-1' };
      const inputs = [
        alertForWrite(write('program', 'cmd-mismatch', 'readback-mismatch'), target, 'dose change'),
        alertForWrite(write('stop', 'cmd-stop', 'unknown'), target, 'stop delivery'),
        alertForWrite(write('resume', 'cmd-resume', 'unknown'), target, 'resume delivery'),
        alertForWrite(write('single-bolus', 'cmd-bolus', 'unknown'), target, 'single bolus 50 mcg'),
      ];
      const raised: Alert[] = [];
      for (const input of inputs) {
        expect(PERSON_ONLY_CAUSES).toContain(input?.cause?.kind);
        // The text says what the person must check, and that only a person closes it, with a note.
        expect(input?.message).toMatch(/Re-interrogate.*check/);
        expect(input?.message).toMatch(/Only a person closes this alert: resolve it with a note/);
        raised.push(await api.store.raiseAlert(input!, sys));
      }

      for (const interrogation of AUTOMATIC(['cmd-mismatch', 'cmd-stop', 'cmd-resume', 'cmd-bolus'])) {
        api.clock.t += 60_000;
        await api.store.recordProgrammingSession(
          { patientId, implantId, at: api.clock.t, interrogation, diff: [] },
          { actor: 'user:nurse-1' },
        );
      }
      expect((await api.call('nurse', 'POST', url(patientId, 'interrogate'))).statusCode).toBe(200);
      const stateOf = async (id: string) =>
        (await api.call('nurse', 'GET', `/api/v1/patients/${patientId}/alerts`))
          .json<{ id: string; state: string; resolved: { by: string; resolution: string } | null }[]>()
          .find((a) => a.id === id);
      for (const a of raised) expect((await stateOf(a.id))?.state, a.message).toBe('open');

      // A resolve without a note, or with an empty one, is refused and changes nothing.
      const resolve = (id: string, body: Record<string, unknown>) =>
        api.call('nurse', 'POST', `/api/v1/patients/${patientId}/alerts/${id}/resolve`, body);
      const first = raised[0]!;
      for (const body of [{}, { note: '  ' }]) {
        const refused = await resolve(first.id, body);
        expect(refused.statusCode).toBe(400);
        expect(refused.body).toMatch(/ITB_E_/);
        expect((await stateOf(first.id))?.state).toBe('open');
      }
      for (const a of raised) {
        const note = 'interrogated: the pump runs the prescription; patient well';
        expect((await resolve(a.id, { note })).statusCode).toBe(200);
        const after = await stateOf(a.id);
        expect(after?.state).toBe('resolved');
        expect(after?.resolved?.resolution).toBe(note);
        expect(after?.resolved?.by).not.toMatch(/^system:/);
      }
    });
  });
}
