/**
 * Issue 11, "the FHIR export has no projected dates": every date a clinician reads comes from one
 * projection (docs/invariants.md). Through the whole demo over real HTTP, for every demo patient, the FHIR
 * `$everything` carries the board's refill-by (CarePlan activity), low-alarm, empty and empty-since dates and
 * ERI (Observations), and the pathway view's post-operative items due, ERI and EOS projection — the same
 * instants, not recomputed. Each Bundle also passes the terminology check, the R4 validator and the R4
 * required-binding check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardRow } from '../clinic/risk-board.ts';
import { DEMO_PASSWORD } from '../demo/cast.ts';
import { startDemo, type RunningDemo } from '../demo/demo.ts';
import { LOCAL, SYSTEMS } from './codes.ts';
import { r4BindingProblems, r4Issues } from './r4-test-support.ts';
import { termProblems } from './terminology-test-support.ts';

interface Resource {
  resourceType: string;
  id: string;
  code?: { coding?: { code?: string }[] };
  valueDateTime?: string;
  activity?: {
    detail: { code?: { coding?: { system?: string; code?: string }[] }; scheduledPeriod?: { end?: string } };
  }[];
}
interface PathwayBattery {
  battery: { eriAt: number; eosAt: number; plan: { surgeryBy: number } } | null;
  postOpDue: { item: string; dueAt: number }[];
}

let demo: RunningDemo | undefined;
let dir: string;
let token = '';

const call = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${demo?.url ?? ''}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itb-fhir-dates-'));
  demo = await startDemo({ dataDir: dir, port: 0, scryptCost: { N: 1024, r: 8, p: 1 }, web: false });
  const login = await fetch(`${demo.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'physician@demo.itb', password: DEMO_PASSWORD }),
  });
  token = ((await login.json()) as { token: string }).token;
}, 90_000);

afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const ms = (iso: string | undefined): number | null => (iso === undefined ? null : Date.parse(iso));

/** The projected dates as the FHIR export states them. */
function fhirDates(resources: readonly Resource[]) {
  const obs = (code: string) =>
    ms(
      resources.find((r) => r.resourceType === 'Observation' && r.code?.coding?.[0]?.code === code)
        ?.valueDateTime,
    );
  const plan = resources.find((r) => r.resourceType === 'CarePlan');
  const activity = (code: string) =>
    ms(plan?.activity?.find((a) => a.detail.code?.coding?.[0]?.code === code)?.detail.scheduledPeriod?.end);
  return {
    refillBy: activity(LOCAL.refill.code),
    replaceBy: activity(LOCAL.pumpReplacement.code),
    lowAlarmAt: obs(LOCAL.projectedLowAlarm.code),
    emptyAt: obs(LOCAL.projectedEmpty.code),
    emptySince: obs(LOCAL.emptySince.code),
    eri: obs(LOCAL.batteryEri.code),
    eos: obs(LOCAL.batteryEos.code),
    postOpDue: (plan?.activity ?? [])
      .filter((a) => a.detail.code?.coding?.[0]?.system === SYSTEMS.postOpItem)
      .map((a) => ({ item: a.detail.code?.coding?.[0]?.code, dueAt: ms(a.detail.scheduledPeriod?.end) })),
  };
}

describe('FHIR projected dates (issue 11: the FHIR export has no projected dates)', () => {
  it('the FHIR export has no projected dates: for every demo patient, $everything states the board’s and the pathway view’s dates', async () => {
    const rows = (await call<{ rows: BoardRow[] }>('/api/v1/board')).rows;
    expect(rows.length).toBeGreaterThan(12);
    let withRefillBy = 0;
    let withEri = 0;
    let withPostOp = 0;
    for (const row of rows) {
      const bundle = await call<{ entry: { resource: Resource }[] }>(
        `/fhir/Patient/${row.patientId}/$everything`,
      );
      const got = fhirDates(bundle.entry.map((e) => e.resource));
      // Every demo record's codes are known, with their displays, and its units valid UCUM.
      expect(termProblems(bundle), row.name).toEqual([]);
      expect(r4Issues(bundle), row.name).toEqual([]);
      expect(r4BindingProblems(bundle), row.name).toEqual([]);
      const { battery, postOpDue } = await call<PathwayBattery>(`/api/v1/patients/${row.patientId}/pathway`);
      const eriReported = row.battery?.eri === true ? row.battery.at : null;
      expect(got, row.name).toEqual({
        refillBy: row.refillBy,
        replaceBy: battery?.plan.surgeryBy ?? null,
        lowAlarmAt: row.lowAlarmAt,
        emptyAt: row.emptyAt,
        emptySince: row.emptySince,
        eri: eriReported ?? battery?.eriAt ?? null,
        eos: battery?.eosAt ?? null,
        postOpDue: postOpDue.map((d) => ({ item: d.item, dueAt: d.dueAt })),
      });
      if (row.refillBy !== null) withRefillBy += 1;
      if (eriReported !== null) withEri += 1;
      withPostOp += postOpDue.length;
    }
    // The comparison is not vacuous: the demo has refill-by dates and a pump at ERI (Fritz Haber).
    expect(withRefillBy).toBeGreaterThanOrEqual(12);
    expect(withEri).toBe(1);
    expect(withPostOp).toBeGreaterThan(0);
  }, 120_000);
});
