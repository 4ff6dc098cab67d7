/**
 * Where an advised path begins for a patient (infusion-from-records.ts, docs/advice.md "The path from the
 * records"): the start before anything is programmed, the doses given since the infusion's start, or why the
 * path cannot continue from today.
 */
import { describe, expect, it } from 'vitest';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { infusionFromRecords, type PrescriptionRecordLike } from './infusion-from-records.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 10);
const rx = (day: number, p: PrescriptionJson, implantId: string | null = 'pump'): PrescriptionRecordLike => ({
  createdAt: T0 + day * DAY,
  implantId,
  prescription: p,
});
const bac = (doseMcgPerDay: number): PrescriptionJson => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl: 2000,
  doseMcgPerDay,
});
const at = (day: number) => T0 + day * DAY;

describe('the infusion an advised path continues from', () => {
  it("advice on the programming page showed the trial's start path to a patient on 330 mcg/day: the doses given since the infusion's start are read from the pump's prescriptions", () => {
    const chain = [rx(0, bac(100)), rx(10, bac(300)), rx(10.5, bac(330))];
    expect(infusionFromRecords(chain, 'pump', at(30), 'UTC')).toEqual({
      kind: 'continued',
      since: T0,
      given: {
        doses: [
          { day: 0, doseMcgPerDay: 100 },
          { day: 10, doseMcgPerDay: 330 },
        ],
        today: 30,
      },
    });
  });

  it('nothing programmed on the pump in place: the start path is the advice for now', () => {
    expect(infusionFromRecords([], 'pump', at(3), 'UTC').kind).toBe('not-started');
    expect(infusionFromRecords([rx(0, bac(100), 'old')], 'pump', at(3), 'UTC').kind).toBe('not-started');
  });

  it('says why the path cannot continue: a year past, another drug, minimum rate, a change today, stopped, no pump', () => {
    const why = (chain: PrescriptionRecordLike[], now: number, pump: string | null = 'pump') => {
      const r = infusionFromRecords(chain, pump ?? undefined, now, 'UTC');
      return r.kind === 'not-continued' ? r.why : r.kind;
    };
    expect(why([rx(0, bac(100))], at(366))).toContain('more than a year ago');
    expect(why([rx(0, bac(100))], at(365))).toBe('continued');
    const morphine: PrescriptionJson = {
      mode: 'simple-continuous',
      drug: 'morphine',
      concentrationMcgPerMl: 25_000,
      doseMcgPerDay: 3000,
    };
    expect(why([rx(0, morphine), rx(5, bac(100))], at(9))).toContain('gave morphine from');
    const minimum: PrescriptionJson = { mode: 'minimum-rate', drug: 'baclofen', concentrationMcgPerMl: 2000 };
    expect(why([rx(0, minimum)], at(9))).toContain('minimum rate');
    expect(why([rx(0, bac(100)), rx(9.2, bac(110))], at(9.5))).toContain('less than a day ago');
    expect(why([rx(0, bac(100))], at(0.5))).toContain('less than a day ago');
    expect(why([rx(0, bac(100)), rx(3, { mode: 'stopped' })], at(9))).toContain('was stopped on');
    expect(why([rx(0, bac(100))], at(9), null)).toContain('no pump is in place');
    // A restart after a stop is a new infusion: its day 0 is the restart.
    const restarted = infusionFromRecords(
      [rx(0, bac(100)), rx(3, { mode: 'stopped' }), rx(5, bac(50))],
      'pump',
      at(9),
      'UTC',
    );
    expect(restarted).toMatchObject({ kind: 'continued', since: at(5), given: { today: 4 } });
  });

  it("the advice offered the next step up from a dose a stopped pump was not giving: while the clinic's stop stands the restart plan decides; after one, the path does not continue", () => {
    const chain = [rx(0, bac(100)), rx(10, bac(300))];
    const standing = infusionFromRecords(chain, 'pump', at(30), 'UTC', [{ at: at(28), resumedAt: null }], {
      since: at(28),
      causes: ['the clinic stopped delivery'],
    });
    expect(standing).toMatchObject({ kind: 'not-continued', since: T0 });
    expect(standing.kind === 'not-continued' ? standing.why : '').toMatch(
      /no drug is delivered since .* \(the clinic stopped delivery\): the restart plan decides/,
    );
    const empty = infusionFromRecords(chain, 'pump', at(30), 'UTC', [], {
      since: null,
      causes: ['the reservoir is EMPTY'],
    });
    expect(empty.kind === 'not-continued' ? empty.why : '').toMatch(
      /^no drug is delivered \(the reservoir is EMPTY\)/,
    );
    const past = infusionFromRecords(chain, 'pump', at(30), 'UTC', [{ at: at(20), resumedAt: at(21) }]);
    expect(past.kind === 'not-continued' ? past.why : '').toMatch(/stopped on .* and resumed/);
    // A stop before this infusion began (a new pump, or a restart recorded as a new prescription) says nothing of it.
    expect(infusionFromRecords(chain, 'pump', at(30), 'UTC', [{ at: at(-5), resumedAt: at(-4) }]).kind).toBe(
      'continued',
    );
  });

  it('a flex schedule counts as its mean daily dose over the week', () => {
    const flex: PrescriptionJson = {
      mode: 'flex',
      drug: 'baclofen',
      concentrationMcgPerMl: 2000,
      everyDay: {
        steps: [
          { startMinute: 0, doseMcgPerDay: 400 },
          { startMinute: 720, doseMcgPerDay: 200 },
        ],
        boluses: [],
      },
    };
    expect(infusionFromRecords([rx(0, flex)], 'pump', at(2), 'UTC')).toMatchObject({
      given: { doses: [{ day: 0, doseMcgPerDay: 300 }] },
    });
  });
});
