/**
 * Demo smoke test: the whole demo in one process on a temporary directory and a free port — thirteen virtual
 * pumps on the TCP link, the history made through the workflows, the accounts, the API over real HTTP.
 * The board must show the three stories (refill overdue, residual discrepancy, battery ERI: docs/clinical-reference.md §3)
 * and change when the demo world is fast-forwarded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NL_PER_ML } from '../therapy/quantities.ts';
import { DEMO_PASSWORD, DEMO_PATIENTS, demoDrug } from './cast.ts';
import { startDemo, type RunningDemo } from './demo.ts';
import { DEMO_CATHETER } from './demo-world.ts';
import { PATHWAY_CAST } from './pathway-seed.ts';
import { DISCREPANCY_ML } from './seed.ts';
import { DEMO_FILL_ML } from './virtual-pump.ts';

interface Row {
  patientId: string;
  name: string;
  overdue: boolean;
  battery: { eri: boolean | null } | null;
  reconciliation: { last: string | null };
  daysToRefillBy: number | null;
}

interface PcbPlan {
  availability: { unavailable: { message: string } | null };
  guardrail: { verdict: string };
}

interface PumpStatus {
  patientId: string;
  name: string;
  body: { mas: number } | null;
  bodyNotModelled: string | null;
  story: string;
  mode: string;
  reservoirMl: number;
  trueReservoirMl: number;
  deliveryErrorPercent: number;
  doseMcgPerDay: number | null;
  flowMlPerDay: number;
  catheter: { volumeMl: number; drugMcg: number; transitHours: number | null };
  lastRefill: { volumeAddedMl: number; measuredResidualMl: number | null; trueResidualMl: number } | null;
}

let demo: RunningDemo | undefined;
let dir: string;
let token: string;

const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
  const res = await fetch(`${demo?.url ?? ''}${path}`, {
    method,
    headers: {
      ...(token === '' ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: await res.json() };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itb-demo-'));
  demo = await startDemo({ dataDir: dir, port: 0, scryptCost: { N: 1024, r: 8, p: 1 }, web: false });
  token = '';
}, 60_000);

afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('itb demo', () => {
  it('signs the nurse in; the board shows 13 implanted and 4 pathway patients with one overdue, one discrepancy, one ERI', async () => {
    const login = await call('POST', '/api/v1/auth/login', {
      email: 'nurse@demo.itb',
      password: DEMO_PASSWORD,
    });
    expect(login.status).toBe(200);
    token = (login.json as { token: string }).token;
    const board = await call('GET', '/api/v1/board');
    expect(board.status).toBe(200);
    const rows = (board.json as { rows: Row[] }).rows;
    expect(rows).toHaveLength(DEMO_PATIENTS.length + PATHWAY_CAST.length);
    expect(rows.filter((r) => r.overdue).map((r) => r.name)).toEqual(['Emmy Noether']);
    expect(
      rows.filter((r) => r.reconciliation.last !== null && r.reconciliation.last !== 'ok').map((r) => r.name),
      // The post-op patient's initial fill is recorded with the implant, not as a refill with nothing to drain.
    ).toEqual(['Carl Gauss']);
    expect(rows.filter((r) => r.battery?.eri === true).map((r) => r.name)).toEqual(['Fritz Haber']);
  });

  it('shows at least one patient at each stage of the care pathway', async () => {
    const rows = ((await call('GET', '/api/v1/board')).json as { rows: Row[] }).rows;
    const stages = new Map<string, string[]>();
    for (const r of rows) {
      const view = (await call('GET', `/api/v1/patients/${r.patientId}/pathway`)).json as { stage: string };
      stages.set(view.stage, [...(stages.get(view.stage) ?? []), r.name]);
    }
    for (const c of PATHWAY_CAST) expect(stages.get(c.stage), JSON.stringify([...stages])).toContain(c.name);
    expect(stages.get('replacement-due'), JSON.stringify([...stages])).toEqual(['Fritz Haber']);
    expect(stages.get('maintenance')).toHaveLength(DEMO_PATIENTS.length - 1);
  });

  it('no demo patient was being troubleshot: the demo shows a patient at every stage — referral, evaluation, trial, post-op, refills, troubleshooting, replacement', async () => {
    const rows = ((await call('GET', '/api/v1/board')).json as { rows: Row[] }).rows;
    const shown = new Map<string, string[]>();
    const add = (stage: string, name: string) => shown.set(stage, [...(shown.get(stage) ?? []), name]);
    for (const r of rows) {
      const view = (await call('GET', `/api/v1/patients/${r.patientId}/pathway`)).json as { stage: string };
      add(view.stage, r.name);
      const episodes = (await call('GET', `/api/v1/patients/${r.patientId}/troubleshooting`)).json as {
        symptom: string;
        closed: unknown;
      }[];
      if (episodes.some((e) => e.closed === null)) add('troubleshooting', r.name);
    }
    const stages = [
      'referred',
      'evaluated',
      'trial',
      'post-op',
      'maintenance',
      'troubleshooting',
      'replacement-due',
    ];
    expect(
      stages.filter((st) => (shown.get(st) ?? []).length === 0),
      JSON.stringify([...shown]),
    ).toEqual([]);
    expect(shown.get('troubleshooting')).toEqual(
      DEMO_PATIENTS.filter((c) => c.story === 'troubleshooting').map((c) => c.name),
    );
  });

  it('the post-operative demo patient was warned "the prescription changed after the last known pump state": his pump was programmed at surgery and the board projects from that read-back', async () => {
    const rows = (
      (await call('GET', '/api/v1/board')).json as {
        rows: (Row & { reasons: { code: string }[]; basis: { kind: string; at: number } | null })[];
      }
    ).rows;
    const postop = PATHWAY_CAST.find((c) => c.stage === 'post-op');
    const row = rows.find((r) => r.name === postop?.name);
    expect(row?.reasons.map((r) => r.code)).not.toContain('ITB_R_BOARD_RX_CHANGED');
    // The basis is the surgery's read-back, five days ago, not a state recorded today.
    const day = 86_400_000;
    expect(row?.basis?.kind).toBe('interrogation');
    expect(Date.now() - (row?.basis?.at ?? 0)).toBeGreaterThan(4 * day);
  });

  it('the seeded history named accounts that do not exist ("deleted user demo-seed-nurse"): every prescriber and refiller is a demo account', async () => {
    const rows = ((await call('GET', '/api/v1/board')).json as { rows: Row[] }).rows;
    const named = new Set<string>();
    for (const r of rows) {
      const care = (await call('GET', `/api/v1/patients/${r.patientId}/care-names`)).json as {
        prescribedBy: { name: string } | null;
        lastRefill: { by: { name: string } } | null;
      };
      for (const n of [care.prescribedBy?.name, care.lastRefill?.by.name]) if (n !== undefined) named.add(n);
    }
    expect([...named].sort()).toEqual(['Demo Nurse', 'Dr Demo Physician']);
  });

  it('no demo trial had a pre-dose score, so no demo patient got dosing advice: every trialled patient now does', async () => {
    // docs/advice.md: the fit needs the minute-0 (pre-dose) score of each bolus, as the trial page asks for.
    const rows = ((await call('GET', '/api/v1/board')).json as { rows: Row[] }).rows;
    let advised = 0;
    for (const r of rows) {
      const trials = (await call('GET', `/api/v1/patients/${r.patientId}/trials`)).json as {
        responded: boolean | null;
      }[];
      if (!trials.some((t) => t.responded === true)) continue;
      const answer = await call('GET', `/api/v1/patients/${r.patientId}/advice`);
      expect(answer.status, `${r.name}: ${JSON.stringify(answer.json)}`).toBe(200);
      const steps = (answer.json as { advice: { steps: { guardrail: { verdict: string } }[] } }).advice.steps;
      expect(steps.length, r.name).toBeGreaterThan(0);
      expect(
        steps.every((s) => s.guardrail.verdict !== 'block'),
        r.name,
      ).toBe(true);
      advised += 1;
    }
    expect(advised).toBeGreaterThanOrEqual(DEMO_PATIENTS.length);
  });

  it("one patient's titration was given as a night-weighted flex schedule, +10 % a day", async () => {
    const board = (await call('GET', '/api/v1/board')).json as { rows: Row[] };
    const jonas = board.rows.find((r) => r.name === 'Jonas Salk');
    const res = await call('GET', `/api/v1/patients/${jonas?.patientId ?? ''}/prescriptions/current`);
    const rx = (
      res.json as {
        current: {
          prescription: {
            mode: string;
            everyDay: { steps: { startMinute: number; doseMcgPerDay: number }[] };
          };
        };
      }
    ).current.prescription;
    expect(rx.mode).toBe('flex');
    const [night, day] = [rx.everyDay.steps[0]?.doseMcgPerDay ?? 0, rx.everyDay.steps[1]?.doseMcgPerDay ?? 0];
    expect(rx.everyDay.steps.map((s) => s.startMinute)).toEqual([0, 7 * 60, 22 * 60]);
    const total = (night * 9 + day * 15) / 24;
    // The starting 350 mcg/day stays by day; the daily total rises by 10 % (the spinal step's lower bound).
    expect(day).toBe(350);
    expect(total / 350).toBeGreaterThanOrEqual(1.1);
    expect(total / 350).toBeLessThan(1.11);
  });

  it('fast-forwards 30 days: pumps deliver, more refills come due, the board changes', async () => {
    const before = ((await call('GET', '/api/v1/board')).json as { rows: Row[] }).rows;
    const status0 = (await call('GET', '/api/v1/demo/status')).json as {
      now: number;
      pumps: { reservoirMl: number }[];
    };
    expect(status0.pumps).toHaveLength(DEMO_PATIENTS.length);
    const moved = await call('POST', '/api/v1/demo/clock', { advanceHours: 30 * 24 });
    expect(moved.status).toBe(200);
    const status1 = moved.json as { now: number; pumps: { reservoirMl: number; serial: string }[] };
    expect(status1.now - status0.now).toBeGreaterThanOrEqual(30 * 86_400_000);
    status1.pumps.forEach((p, i) => expect(p.reservoirMl).toBeLessThan(status0.pumps[i]?.reservoirMl ?? 0));
    const after = ((await call('GET', '/api/v1/board')).json as { rows: Row[] }).rows;
    expect(after.filter((r) => r.overdue).length).toBeGreaterThan(before.filter((r) => r.overdue).length);
  });

  it('shows the true reservoir beside the calculated one: they differ by the delivery error drawn', async () => {
    const pumps = ((await call('GET', '/api/v1/demo/status')).json as { pumps: PumpStatus[] }).pumps;
    // Pumps with drug left in both counts: nothing has run dry since the last refill.
    const running = pumps.filter((p) => p.reservoirMl > 0 && p.trueReservoirMl > 0);
    expect(running.length).toBeGreaterThan(pumps.length / 2);
    for (const p of running) {
      const delivered = DEMO_FILL_ML - p.reservoirMl; // since the last refill, as the pump counts it
      expect(p.lastRefill?.volumeAddedMl).toBe(DEMO_FILL_ML);
      expect(p.trueReservoirMl).not.toBe(p.reservoirMl);
      expect(p.reservoirMl - p.trueReservoirMl).toBeCloseTo((delivered * p.deliveryErrorPercent) / 100, 2);
    }
    // A continuous dose flows at dose ÷ concentration (a flex schedule's flow follows the hour).
    for (const p of running.filter((x) => x.mode === 'simple-continuous')) {
      const cast = DEMO_PATIENTS.find((c) => c.name === p.name);
      expect(p.flowMlPerDay).toBeCloseTo((p.doseMcgPerDay ?? 0) / (cast?.concentrationMcgPerMl ?? 0), 6);
    }
    for (const p of pumps) {
      expect(p.catheter.volumeMl).toBe(DEMO_CATHETER.volume.value / NL_PER_ML);
      expect(p.catheter.transitHours).toBeCloseTo(
        (p.catheter.volumeMl / (p.flowMlPerDay * (1 + p.deliveryErrorPercent / 100))) * 24,
        1,
      );
      // The residual typed at the seeded refill is the world's; the discrepancy story's is short.
      const short = p.story === 'discrepancy' ? DISCREPANCY_ML : 0;
      expect((p.lastRefill?.trueResidualMl ?? 0) - (p.lastRefill?.measuredResidualMl ?? 0)).toBeCloseTo(
        short,
        2,
      );
    }
  });

  it('no demo patient could be given patient-controlled boluses: every demo pump held baclofen; the morphine patient now can', async () => {
    const physician = await call('POST', '/api/v1/auth/login', {
      email: 'physician@demo.itb',
      password: DEMO_PASSWORD,
    });
    const nurseToken = token;
    token = (physician.json as { token: string }).token;
    try {
      const pumps = ((await call('GET', '/api/v1/demo/status')).json as { pumps: PumpStatus[] }).pumps;
      const allowed: string[] = [];
      for (const p of pumps) {
        const plan = await call('POST', `/api/v1/patients/${p.patientId}/pump/patient-bolus/plan`, {
          enable: true,
          dose: '0.2 mg',
          lockoutMinutes: 60,
          maxPerDay: 6,
        });
        expect(plan.status, `${p.name}: ${JSON.stringify(plan.json)}`).toBe(200);
        const answer = plan.json as PcbPlan;
        if (answer.availability.unavailable === null && answer.guardrail.verdict !== 'block')
          allowed.push(p.name);
      }
      expect(allowed, 'a demo patient whose drug and pump allow patient boluses').not.toEqual([]);
      expect(allowed).toEqual(DEMO_PATIENTS.filter((c) => demoDrug(c) !== 'baclofen').map((c) => c.name));
      // Every pump allowing it is one the body does not model: the status says so instead of showing tone.
      for (const p of pumps.filter((x) => allowed.includes(x.name))) {
        expect(p.body).toBeNull();
        expect(p.bodyNotModelled).toMatch(/models intrathecal baclofen only/);
      }
    } finally {
      token = nurseToken;
    }
  });

  it('interrogates a demo pump through the clinic API over the TCP link', async () => {
    const p = demo?.patients[0];
    const res = await call('POST', `/api/v1/patients/${p?.patient.id ?? ''}/pump/interrogate`);
    expect(res.status).toBe(200);
    expect((res.json as { snapshot: { status: { reservoir: number } } }).snapshot.status.reservoir).toBe(
      p?.pump.server.state.pump.reservoir.volume,
    );
  });
});
