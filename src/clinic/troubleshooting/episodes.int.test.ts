/**
 * Recorded troubleshooting episodes (migration 0006_trouble_episodes) on SQLite and PostgreSQL: the path
 * taken is read back as recorded (symptom, findings, rankings, steps with who and when, the closing),
 * every entry is audited, refusals write nothing, and the entries are append-only.
 */
import { describe, expect, it } from 'vitest';
import { CAUSES } from '../../therapy/troubleshoot/causes.ts';
import { BACKENDS } from '../store-test-harness.ts';
import { useFreshStore } from '../fresh-store.test-support.ts';
import { DOCTOR, NURSE, auditCount, patientInput } from '../store-test-fixtures.ts';

const T0 = Date.UTC(2024, 2, 1, 9);
const MIN = 60_000;
const DISCONNECTION = CAUSES['catheter-disconnection-or-leak'];
/** What a catheter disconnected 10 days ago presents with: more spasticity, the drug gone elsewhere. */
const disconnectedFindings = {
  reservoirMl: 20,
  calculatedResidualMl: 12,
  residualDiscrepancyMl: -4,
  lastRefillHoursAgo: 500,
};

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `troubleshooting episodes — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      const open = async () => {
        const p = await fresh.store.createPatient(patientInput(), NURSE);
        const ep = await fresh.store.openEpisode(
          { patientId: p.id, at: T0, symptom: 'more-spasticity', findings: disconnectedFindings },
          NURSE,
        );
        return { p, ep };
      };

      it('records the path taken: symptom, findings, rankings, each step with who and when, and the closing', async () => {
        const { p, ep } = await open();
        expect(ep.symptom).toBe('more-spasticity');
        expect(ep.findings.presentations).toEqual(['more-spasticity']);
        expect(ep.initialRanking.slice(0, 2).map((r) => r.id)).toContain('catheter-disconnection-or-leak');
        const before = await auditCount(fresh.db.raw);
        const stepped = await fresh.store.recordEpisodeStep(
          {
            patientId: p.id,
            episodeId: ep.id,
            at: T0 + 20 * MIN,
            step: 'access-port-aspiration',
            result: 'fluid that is not CSF',
            findings: { portAspiration: 'not-csf' },
          },
          DOCTOR,
        );
        expect(stepped.findings.portAspiration).toBe('not-csf');
        expect(stepped.findings.residualDiscrepancyMl).toBe(-4);
        expect(stepped.ranking[0]!.id).toBe('catheter-disconnection-or-leak');
        const closed = await fresh.store.closeEpisode(
          {
            patientId: p.id,
            episodeId: ep.id,
            at: T0 + 60 * MIN,
            cause: 'catheter-disconnection-or-leak',
            remedy: DISCONNECTION.remedies[1]!,
            outcome: 'referred',
            note: 'booked for revision tomorrow',
          },
          DOCTOR,
        );
        expect(await auditCount(fresh.db.raw)).toBe(before + 2);
        const [read] = await fresh.store.listEpisodes(p.id, NURSE);
        expect(read).toEqual(closed);
        expect(read!.openedBy).toBe(NURSE.actor);
        expect(read!.steps).toEqual([
          {
            at: T0 + 20 * MIN,
            by: DOCTOR.actor,
            step: 'access-port-aspiration',
            result: 'fluid that is not CSF',
            ranking: stepped.ranking,
          },
        ]);
        expect(read!.closed).toMatchObject({
          at: T0 + 60 * MIN,
          by: DOCTOR.actor,
          cause: 'catheter-disconnection-or-leak',
          outcome: 'referred',
        });
      });

      it('step on a closed episode: a step or a second closing is refused and writes nothing', async () => {
        const { p, ep } = await open();
        const close = {
          patientId: p.id,
          episodeId: ep.id,
          at: T0 + MIN,
          cause: 'catheter-disconnection-or-leak' as const,
          remedy: DISCONNECTION.remedies[0]!,
          outcome: 'improved' as const,
        };
        await fresh.store.closeEpisode(close, DOCTOR);
        const n = await auditCount(fresh.db.raw);
        const refused = { code: 'ITB_E_TROUBLE_EPISODE_CLOSED' };
        await expect(
          fresh.store.recordEpisodeStep(
            { patientId: p.id, episodeId: ep.id, at: T0 + 2 * MIN, step: 'imaging', result: 'intact' },
            DOCTOR,
          ),
        ).rejects.toMatchObject(refused);
        await expect(
          fresh.store.closeEpisode({ ...close, outcome: 'resolved' }, DOCTOR),
        ).rejects.toMatchObject(refused);
        expect(await auditCount(fresh.db.raw)).toBe(n);
        expect((await fresh.store.listEpisodes(p.id, NURSE))[0]!.closed!.outcome).toBe('improved');
      });

      it('remedy that does not answer the cause: refused, nothing written', async () => {
        const { p, ep } = await open();
        const n = await auditCount(fresh.db.raw);
        await expect(
          fresh.store.closeEpisode(
            {
              patientId: p.id,
              episodeId: ep.id,
              at: T0 + MIN,
              cause: 'catheter-disconnection-or-leak',
              remedy: CAUSES['reservoir-empty-or-low'].remedies[0]!,
              outcome: 'resolved',
            },
            DOCTOR,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_TROUBLE_REMEDY_MISMATCH' });
        expect(await auditCount(fresh.db.raw)).toBe(n);
      });

      it('bad findings, a step before the opening or another patient’s episode: refused, nothing written', async () => {
        const { p, ep } = await open();
        const other = await fresh.store.createPatient(patientInput(2), NURSE);
        const n = await auditCount(fresh.db.raw);
        await expect(
          fresh.store.openEpisode(
            { patientId: p.id, at: T0, symptom: 'leakage', findings: { reservoirMl: -3 } },
            NURSE,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        const step = { episodeId: ep.id, step: 'imaging' as const, result: 'intact' };
        await expect(
          fresh.store.recordEpisodeStep({ ...step, patientId: p.id, at: T0 - MIN }, NURSE),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_TIME_OUT_OF_RANGE' });
        await expect(
          fresh.store.recordEpisodeStep({ ...step, patientId: other.id, at: T0 + MIN }, NURSE),
        ).rejects.toMatchObject({ code: 'ITB_E_CLINIC_NOT_FOUND' });
        await expect(
          fresh.store.recordEpisodeStep(
            { ...step, patientId: p.id, at: T0 + MIN, findings: { imaging: 'sideways' } },
            NURSE,
          ),
        ).rejects.toMatchObject({ code: 'ITB_E_INVALID_INPUT' });
        expect(await auditCount(fresh.db.raw)).toBe(n);
        expect((await fresh.store.listEpisodes(p.id, NURSE))[0]!.steps).toEqual([]);
      });

      it('steps recorded in the same minute keep the order the path was taken in', async () => {
        // Same clinical time and same write time (a clock that does not move): only the stored place in
        // the episode orders the entries, as row ids are random.
        await fresh.store.close();
        fresh.store = await fresh.db.open({ clock: () => T0 + 2 * MIN });
        const { p, ep } = await open();
        const steps = [
          'interrogate',
          'reconcile-residual',
          'access-port-aspiration',
          'imaging',
          'rotor-study',
        ] as const;
        for (const step of steps) {
          await fresh.store.recordEpisodeStep(
            { patientId: p.id, episodeId: ep.id, at: T0, step, result: step },
            NURSE,
          );
        }
        const read = (await fresh.store.listEpisodes(p.id, NURSE))[0]!;
        expect(read.steps.map((s) => s.step)).toEqual(steps);
      });

      it('the troubleshooting entries are append-only in the database', async () => {
        await open();
        await expect(fresh.db.raw.exec(`update troubleshooting_entries set body = '{}'`)).rejects.toThrow(
          /append-only/,
        );
        await expect(fresh.db.raw.exec('delete from troubleshooting_entries')).rejects.toThrow(/append-only/);
      });
    },
  );
}
