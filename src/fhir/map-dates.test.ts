/**
 * The projected dates go out as the projection states them (docs/invariants.md I5): a property over any
 * board row and battery projection — every date the projection has appears in the export at its exact
 * instant, and the export states no date the projection does not have — and each resource stays valid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POSTOP_ITEMS } from '../clinic/pathway/postop-checks.ts';
import type { BoardRow } from '../clinic/risk-board.ts';
import { epochMs } from '../therapy/quantities.ts';
import { LOCAL } from './codes.ts';
import { projectedDatesToFhir, type ProjectedDates } from './map-dates.ts';
import { RESOURCE_SCHEMAS, type FhirResource } from './schemas.ts';

const PID = '3f1c1c2e-0000-4000-8000-000000000001';
const IMPLANT = '3f1c1c2e-0000-4000-8000-000000000002';
const T = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });
const maybe = <V>(a: fc.Arbitrary<V>) => fc.option(a, { nil: null });

const projection: fc.Arbitrary<ProjectedDates> = fc
  .record({
    basisAt: maybe(T),
    lowAlarmAt: maybe(T),
    emptyAt: maybe(T),
    refillBy: maybe(T),
    emptySince: maybe(T),
    eri: maybe(fc.record({ eri: fc.boolean(), at: T })),
    battery: maybe(fc.record({ eriAt: T, eosAt: T, surgeryBy: T, basisAt: T })),
    postOp: fc
      .subarray([...POSTOP_ITEMS])
      .chain((items) =>
        fc.tuple(
          ...items.map((item) => fc.record({ item: fc.constant(item), dueAt: T, overdue: fc.boolean() })),
        ),
      ),
  })
  .map(({ basisAt, lowAlarmAt, emptyAt, refillBy, emptySince, eri, battery, postOp }) => {
    // The board projects the reservoir only from a basis: no basis, no reservoir dates.
    const hasBasis = basisAt !== null;
    const row = {
      patientId: PID,
      implantId: IMPLANT,
      basis: hasBasis ? { kind: 'refill', at: basisAt, reservoirNl: 20_000_000 } : null,
      lowAlarmAt: hasBasis ? lowAlarmAt : null,
      emptyAt: hasBasis ? emptyAt : null,
      refillBy: hasBasis ? refillBy : null,
      emptySince: hasBasis ? emptySince : null,
      overdue: false,
      battery: eri,
    } as unknown as BoardRow;
    return {
      row,
      battery:
        battery === null
          ? null
          : {
              eriAt: epochMs(battery.eriAt),
              eosAt: epochMs(battery.eosAt),
              limitedBy: 'energy' as const,
              eriReported: false,
              basis: null,
              implantId: IMPLANT,
              plan: {
                due: false,
                eosPassed: false,
                surgeryBy: epochMs(battery.surgeryBy),
                refillPolicy: 'refill on the usual schedule',
              },
            },
      batteryBasisAt: battery?.basisAt ?? null,
      postOpDue: postOp.map((d) => ({ ...d, dueAt: epochMs(d.dueAt), implantId: IMPLANT })),
    };
  });

/** code → instant of every date the export states. */
function exported(resources: readonly FhirResource[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of resources) {
    if (r.resourceType === 'Observation' && r.valueDateTime !== undefined)
      out[r.code.coding?.[0]?.code ?? '?'] = Date.parse(r.valueDateTime);
    if (r.resourceType === 'CarePlan')
      for (const a of r.activity ?? [])
        out[a.detail.code?.coding?.[0]?.code ?? '?'] = Date.parse(a.detail.scheduledPeriod?.end ?? '');
  }
  return out;
}

/** code → instant of every date the projection has. */
function expected(p: ProjectedDates): Record<string, number> {
  const out: Record<string, number> = {};
  const put = (code: string, at: number | null | undefined) => {
    if (at !== null && at !== undefined) out[code] = at;
  };
  put(LOCAL.refill.code, p.row.refillBy);
  put(LOCAL.projectedLowAlarm.code, p.row.lowAlarmAt);
  put(LOCAL.projectedEmpty.code, p.row.emptyAt);
  put(LOCAL.emptySince.code, p.row.emptySince);
  put(LOCAL.pumpReplacement.code, p.battery?.plan.surgeryBy);
  put(LOCAL.batteryEos.code, p.battery?.eosAt);
  put(LOCAL.batteryEri.code, p.row.battery?.eri === true ? p.row.battery.at : p.battery?.eriAt);
  for (const d of p.postOpDue) put(d.item, d.dueAt);
  return out;
}

describe('projected dates to FHIR', () => {
  it('property: every projected date is exported at its exact instant, and no other date is', () => {
    fc.assert(
      fc.property(projection, (p) => {
        const resources = projectedDatesToFhir(p, PID);
        expect(exported(resources)).toEqual(expected(p));
        for (const r of resources) expect(RESOURCE_SCHEMAS[r.resourceType].safeParse(r).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
