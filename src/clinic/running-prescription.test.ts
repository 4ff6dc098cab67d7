/**
 * Who prescribed what the pump runs (running-prescription.ts): the chain's head is the prescription on
 * record, which may be a new concentration pending its refill; the record of what the pump runs is an
 * earlier one.
 */
import { describe, expect, it } from 'vitest';
import type { PrescriptionJson } from '../therapy/prescription-json.ts';
import { pumpTherapy } from './pump-contents.ts';
import { therapyRecords } from './running-prescription.ts';

const rx = (concentrationMcgPerMl: number, doseMcgPerDay: number): PrescriptionJson => ({
  mode: 'simple-continuous',
  drug: 'baclofen',
  concentrationMcgPerMl,
  doseMcgPerDay,
});
const rec = (createdBy: string, prescription: PrescriptionJson) => ({ createdBy, prescription });
const held1000 = { drug: 'baclofen', concentrationNgPerMl: 1_000_000 };

describe('the prescription records of what the pump runs', () => {
  it('Prescribed by named the pending prescription (recorded for the next refill): the record of what the pump runs is named, the pending one apart', () => {
    const chain = [rec('a', rx(1000, 250)), rec('b', rx(1000, 300)), rec('c', rx(2000, 300))];
    const therapy = pumpTherapy(rx(2000, 300), held1000);
    const r = therapyRecords(chain, therapy);
    expect(r.runs?.createdBy).toBe('b');
    expect(r.pending?.createdBy).toBe('c');
  });

  it('with nothing pending, or no pump, the head is what the pump runs', () => {
    const chain = [rec('a', rx(1000, 250)), rec('b', rx(1000, 300))];
    expect(therapyRecords(chain, pumpTherapy(rx(1000, 300), held1000))).toEqual({
      runs: chain[1],
      pending: null,
    });
    expect(therapyRecords(chain, null)).toEqual({ runs: chain[1], pending: null });
    expect(therapyRecords([], null)).toEqual({ runs: null, pending: null });
  });

  it('the programme the pump reported, when on record, names its own prescriber; else the last record of the contents it holds', () => {
    const chain = [rec('a', rx(1000, 250)), rec('b', rx(1000, 300)), rec('c', rx(2000, 400))];
    // The pump reports 250 mcg/day of 1000 mcg/mL (a record older than the last one of those contents).
    expect(therapyRecords(chain, pumpTherapy(rx(2000, 400), held1000, rx(1000, 250))).runs?.createdBy).toBe(
      'a',
    );
    // No report: the pump runs the new dose at the old contents, which no record names exactly.
    expect(therapyRecords(chain, pumpTherapy(rx(2000, 400), held1000)).runs?.createdBy).toBe('b');
    // Contents no record names: none on record.
    const other = { drug: 'baclofen', concentrationNgPerMl: 500_000 };
    expect(therapyRecords(chain, pumpTherapy(rx(2000, 400), other)).runs).toBeNull();
  });
});
