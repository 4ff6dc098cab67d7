/**
 * A pump taken out closes its own alerts (alert-closing.ts `closeRemovedPumpAlerts`) and cancels the visits
 * booked to act on it (appointments-repo.ts `closeRemovedPumpVisits`), in the explant's transaction, on
 * SQLite and PostgreSQL. Found: after a pump was removed, or replaced at ERI, its ERI,
 * empty and "pump not updated" alerts stayed open in the inbox beside the new pump (or no pump), about a
 * device no longer in the patient, and the diary kept its refill booked. Alerts a person must close (a read-back mismatch) and findings about the
 * patient (a reconciliation discrepancy) stay open; another pump's alerts are untouched.
 */
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../store-test-harness.ts';
import { useFreshStore } from '../fresh-store.test-support.ts';
import { DOCTOR, NURSE, implantInput, patientInput } from '../store-test-fixtures.ts';
import type { AlertInput } from '../clinical-records.ts';

const T0 = Date.UTC(2024, 2, 1, 9);
const DAY = 86_400_000;

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== undefined)(
    `explant closes its pump's alerts — ${backend.skip ?? backend.name}`,
    () => {
      const fresh = useFreshStore(backend);

      /** A patient whose pump has one alert of each sort open; returns their ids by name. */
      async function withAlerts(n = 1) {
        const p = await fresh.store.createPatient(patientInput(n), NURSE);
        const pump = await fresh.store.addImplant(implantInput(p.id, `OLD-${n}`), DOCTOR);
        const raise = async (over: Partial<AlertInput>) =>
          (
            await fresh.store.raiseAlert(
              {
                patientId: p.id,
                implantId: pump.id,
                kind: 'other',
                severity: 'warning',
                message: 'an alert',
                since: T0,
                ...over,
              },
              NURSE,
            )
          ).id;
        const ids = {
          eri: await raise({ kind: 'battery-eri', condition: 'eri', message: 'pump reports ERI' }),
          empty: await raise({
            kind: 'pump-alarm',
            severity: 'critical',
            condition: 'empty-reservoir',
            message: 'pump reports the reservoir empty',
          }),
          boardEmpty: await raise({
            kind: 'refill-due',
            severity: 'critical',
            cause: { kind: 'board-empty' },
          }),
          notUpdated: await raise({ kind: 'pump-alarm', cause: { kind: 'pump-not-updated' } }),
          mismatch: await raise({
            kind: 'pump-alarm',
            severity: 'critical',
            cause: { kind: 'readback-mismatch' },
          }),
          discrepancy: await raise({ kind: 'residual-discrepancy', message: 'residual 3 mL below expected' }),
        };
        return { p, pump, ids };
      }
      const openIds = async (patientId: string) =>
        (await fresh.store.listAlerts({ patientId, state: 'unresolved' }, DOCTOR)).map((a) => a.id).sort();
      /** The pump taken out on day `day`: removed, or replaced by `by`. */
      const explant = (patientId: string, implantId: string, day: number, by: string | null = null) =>
        fresh.store.recordExplant(
          {
            patientId,
            implantId,
            at: T0 + day * DAY,
            reason: by === null ? 'infection' : 'battery-eri',
            catheter: by === null ? 'removed' : 'kept',
            replacementImplantId: by,
          },
          DOCTOR,
        );
      const book = async (
        patientId: string,
        kind: 'refill' | 'dose-change' | 'follow-up' | 'replacement',
        implantId: string | null,
        day: number,
      ) =>
        (
          await fresh.store.bookAppointment(
            { patientId, implantId, kind, at: T0 + day * DAY, durationMinutes: 30 },
            NURSE,
          )
        ).id;

      it('removed pump kept its alerts open: its ERI, empty and not-updated alerts stayed in the inbox after the removal; they close with it, naming it, and the person-only and patient findings stay', async () => {
        const { p, pump, ids } = await withAlerts();
        await explant(p.id, pump.id, 10);
        expect(await openIds(p.id)).toEqual([ids.mismatch, ids.discrepancy].sort());
        const all = await fresh.store.listAlerts({ patientId: p.id, state: 'all' }, DOCTOR);
        for (const id of [ids.eri, ids.empty, ids.boardEmpty, ids.notUpdated]) {
          const a = all.find((x) => x.id === id);
          expect(a?.state).toBe('resolved');
          expect(a?.resolved?.resolution).toMatch(/^closed: the pump was removed on Mon 11 Mar 2024/);
          expect(a?.resolved?.by).toBe(DOCTOR.actor);
        }
      });

      it('replaced pump kept its ERI alert open beside the new pump: it closes with the replacement; the new pump’s alerts are untouched', async () => {
        const { p, pump, ids } = await withAlerts();
        const next = await fresh.store.addImplant(
          implantInput(p.id, 'NEW-1', { implantDate: '2024-03-20' }),
          DOCTOR,
        );
        const ofNew = await fresh.store.raiseAlert(
          {
            patientId: p.id,
            implantId: next.id,
            kind: 'battery-eri',
            severity: 'warning',
            message: 'x',
            condition: 'eri',
          },
          NURSE,
        );
        await explant(p.id, pump.id, 19, next.id);
        expect(await openIds(p.id)).toEqual([ids.mismatch, ids.discrepancy, ofNew.id].sort());
        const eri = (await fresh.store.listAlerts({ patientId: p.id, state: 'all' }, DOCTOR)).find(
          (a) => a.id === ids.eri,
        );
        expect(eri?.resolved?.resolution).toMatch(/^closed: the pump was replaced on/);
      });

      it('removed pump kept its refill booked: the diary kept a refill and a titration visit of a pump that is out; both are cancelled with the removal, a follow-up stays', async () => {
        const { p, pump } = await withAlerts();
        const refill = await book(p.id, 'refill', pump.id, 30);
        const titration = await book(p.id, 'dose-change', null, 30);
        const followUp = await book(p.id, 'follow-up', null, 30);
        await explant(p.id, pump.id, 10);
        const after = await fresh.store.listAppointments({ patientId: p.id }, DOCTOR);
        const of = (id: string) => after.find((a) => a.id === id);
        for (const id of [refill, titration]) {
          expect(of(id)?.status).toBe('cancelled');
          expect(of(id)?.changes.at(-1)).toMatchObject({
            action: 'cancel',
            by: DOCTOR.actor,
            reason: 'the pump was removed on Mon 11 Mar 2024',
          });
        }
        expect(of(followUp)?.status).toBe('booked');
      });

      it('replaced pump kept its refill booked: the old pump’s refill is cancelled with the replacement, a visit booked without naming a pump stays for the new one', async () => {
        const { p, pump } = await withAlerts();
        const next = await fresh.store.addImplant(
          implantInput(p.id, 'NEW-1', { implantDate: '2024-03-20' }),
          DOCTOR,
        );
        const oldRefill = await book(p.id, 'refill', pump.id, 60);
        const unnamed = await book(p.id, 'dose-change', null, 60);
        await explant(p.id, pump.id, 19, next.id);
        const after = await fresh.store.listAppointments({ patientId: p.id }, DOCTOR);
        const old = after.find((a) => a.id === oldRefill);
        expect(old?.status).toBe('cancelled');
        expect(old?.changes.at(-1)?.reason).toMatch(
          /^the pump was replaced on .*: book it again for the new pump$/,
        );
        expect(after.find((a) => a.id === unnamed)?.status).toBe('booked');
      });

      it('replaced pump kept its replacement visit booked: the visit booked for the day of the replacement is marked attended with it, one on another day is cancelled, and a removal with nothing left to replace cancels its replacement visit', async () => {
        const { p, pump } = await withAlerts();
        const next = await fresh.store.addImplant(
          implantInput(p.id, 'NEW-1', { implantDate: '2024-03-20' }),
          DOCTOR,
        );
        const sameDay = await book(p.id, 'replacement', pump.id, 19);
        const later = await book(p.id, 'replacement', null, 25);
        const followUp = await book(p.id, 'follow-up', null, 25);
        await explant(p.id, pump.id, 19, next.id);
        const after = await fresh.store.listAppointments({ patientId: p.id }, DOCTOR);
        const of = (id: string) => after.find((a) => a.id === id);
        expect(of(sameDay)?.status).toBe('attended');
        expect(of(sameDay)?.changes.at(-1)).toMatchObject({
          action: 'attend',
          by: DOCTOR.actor,
          reason: 'the pump was replaced on Wed 20 Mar 2024',
        });
        expect(of(later)?.status).toBe('cancelled');
        expect(of(later)?.changes.at(-1)?.reason).toBe(
          'the pump was replaced on Wed 20 Mar 2024: this visit is not needed',
        );
        expect(of(followUp)?.status).toBe('booked');

        const removed = await withAlerts(2);
        const planned = await book(removed.p.id, 'replacement', removed.pump.id, 30);
        await explant(removed.p.id, removed.pump.id, 10);
        const left = await fresh.store.listAppointments({ patientId: removed.p.id }, DOCTOR);
        expect(left.find((a) => a.id === planned)).toMatchObject({ status: 'cancelled' });
        expect(left.find((a) => a.id === planned)?.changes.at(-1)?.reason).toBe(
          'the pump was removed on Mon 11 Mar 2024: no pump is in place to replace',
        );
      });

      it('removed pump stopped the drug without a word: a baclofen pump removed and not replaced left no alert that intrathecal baclofen had stopped; a critical withdrawal-risk alert now stays open for a person, and a replacement raises none', async () => {
        const RX = {
          mode: 'simple-continuous',
          drug: 'baclofen',
          concentrationMcgPerMl: 500,
          doseMcgPerDay: 400,
        };
        const { p, pump } = await withAlerts();
        await fresh.store.appendPrescription(p.id, RX, {
          ...DOCTOR,
          expectedHeadId: null,
          implantId: pump.id,
        });
        await explant(p.id, pump.id, 10);
        const open = await fresh.store.listAlerts({ patientId: p.id, state: 'unresolved' }, DOCTOR);
        const stop = open.filter((a) => a.kind === 'withdrawal-risk');
        expect(stop).toHaveLength(1);
        expect(stop[0]).toMatchObject({ severity: 'critical', since: T0 + 10 * DAY });
        expect(stop[0]?.message).toMatch(
          /^Pump removed on Mon 11 Mar 2024 with no replacement: intrathecal baclofen has stopped/,
        );

        const q = await withAlerts(2);
        await fresh.store.appendPrescription(q.p.id, RX, {
          ...DOCTOR,
          expectedHeadId: null,
          implantId: q.pump.id,
        });
        const next = await fresh.store.addImplant(
          implantInput(q.p.id, 'NEW-2', { implantDate: '2024-03-20' }),
          DOCTOR,
        );
        await explant(q.p.id, q.pump.id, 19, next.id);
        const after = await fresh.store.listAlerts({ patientId: q.p.id, state: 'unresolved' }, DOCTOR);
        expect(after.filter((a) => a.kind === 'withdrawal-risk')).toEqual([]);
      });

      it('a refused explant closes nothing', async () => {
        const { p, pump } = await withAlerts();
        const before = await openIds(p.id);
        await expect(explant(p.id, pump.id, 1, pump.id)).rejects.toMatchObject({
          code: 'ITB_E_CLINIC_REFERENCE',
        });
        expect(await openIds(p.id)).toEqual(before);
      });
    },
  );
}
