/**
 * Pump controller benchmark (docs/architecture.md principle 2, event-driven time): seven years of one 40 mL peristaltic
 * pump on a 13-step flex schedule with a refill (and an interrogation) every 90 days, simulated event by
 * event — against a naive fixed-step loop that ticks the same controller every second. The naive loop runs
 * a shorter span and is scaled to seven years (said in the output); over the span both run, they must
 * deliver exactly the same volume (asserted).
 *
 *   npm run bench -- pump
 */
import { performance } from 'node:perf_hooks';
import { createPump, nextEventTime, step } from '../src/pump/controller.ts';
import { getProfile } from '../src/pump/profiles.ts';
import type { PumpState } from '../src/pump/state.ts';
import type { Prescription } from '../src/therapy/prescription.ts';
import { MS_PER_DAY, epochMs, mcgPerDay, mcgPerMl, mlToNl } from '../src/therapy/quantities.ts';
import { report, time } from './harness.ts';

const START = epochMs(Date.UTC(2026, 0, 5));
const YEARS_DAYS = Math.round(7 * 365.25);
const NAIVE_DAYS = Number(process.env.ITB_BENCH_NAIVE_DAYS ?? 2);
const REFILL_DAYS = 90;
const STEP_MS = 1000;
const concentration = mcgPerMl(2000);

/** 13 steps a day (docs/clinical-reference.md §3 flexible mode), mean ≈ 400 µg/day: a 40 mL fill lasts well past 90 days. */
const flex: Prescription = {
  mode: 'flex',
  drug: { drug: 'baclofen', concentration },
  schedule: {
    everyDay: {
      steps: Array.from({ length: 13 }, (_, i) => ({ startMinute: i * 110, dose: mcgPerDay(330 + 12 * i) })),
      boluses: [],
    },
  },
};

const fresh = (): PumpState =>
  createPump({
    profile: getProfile('peristaltic-40'),
    serial: 'BENCH-1',
    now: START,
    fill: { drug: 'baclofen', concentration, volume: mlToNl(40) },
    prescription: flex,
  });

let refillN = 0;
/** Interrogates and refills to 40 mL (drained completely: the residual is the calculated one). */
function refill(s: PumpState, t: number): PumpState {
  const at = epochMs(t);
  const i = step(s, { kind: 'telemetry-session' }, at).state;
  const cmd = {
    kind: 'refill' as const,
    commandId: `refill-${++refillN}`,
    drug: 'baclofen' as const,
    concentration,
    volumeAdded: mlToNl(40),
    newVolume: mlToNl(40),
    drainedVolume: i.reservoir.volume,
  };
  const r = step(i, cmd, at);
  if (r.outputs.result?.ok !== true) throw new Error(`refill refused: ${JSON.stringify(r.outputs.result)}`);
  return r.state;
}

/** Event by event to `days`, refilling every 90 days. */
function eventDriven(days: number): { state: PumpState; events: number } {
  let s = fresh();
  let events = 0;
  const end = START + days * MS_PER_DAY;
  let nextRefill = START + REFILL_DAYS * MS_PER_DAY;
  for (;;) {
    const next = nextEventTime(s);
    const t = Math.min(next ?? end, end, nextRefill);
    s = step(s, { kind: 'tick' }, epochMs(t)).state;
    events++;
    if (t === nextRefill && t < end) {
      s = refill(s, t);
      nextRefill += REFILL_DAYS * MS_PER_DAY;
    }
    if (t >= end) return { state: s, events };
  }
}

/** The same controller ticked every second (no refill falls inside the naive span). */
function naive(days: number): PumpState {
  let s = fresh();
  const end = START + days * MS_PER_DAY;
  for (let t = START + STEP_MS; t <= end; t += STEP_MS) s = step(s, { kind: 'tick' }, epochMs(t)).state;
  return s;
}

// Both over the naive span: the delivered volume must be identical (exact whole-stroke carry).
const shared = eventDriven(NAIVE_DAYS).state;
naive(0.25); // warm the JIT on the per-second path
const t0 = performance.now();
const slow = naive(NAIVE_DAYS);
const naiveMs = performance.now() - t0;
if (
  slow.totals.deliveredNl !== shared.totals.deliveredNl ||
  slow.reservoir.volume !== shared.reservoir.volume
) {
  throw new Error(
    `naive and event-driven disagree over ${NAIVE_DAYS} days: ${slow.totals.deliveredNl} vs ${shared.totals.deliveredNl} nL`,
  );
}

const { timing, result } = time(() => eventDriven(YEARS_DAYS), 3, 1);
const scaledNaiveMs = naiveMs * (YEARS_DAYS / NAIVE_DAYS);
const ratio = scaledNaiveMs / timing.medianMs;
const s = result.state;

console.log(
  `seven years (${YEARS_DAYS} days), 40 mL peristaltic pump, 13-step flex, refill every ${REFILL_DAYS} days`,
);
console.log(
  `  event-driven: ${timing.medianMs.toFixed(1)} ms (median of ${timing.runs}), ${result.events} events, ${Math.round(result.events / (timing.medianMs / 1000))} events/s`,
);
console.log(
  `  naive 1 s loop: ${naiveMs.toFixed(0)} ms for ${NAIVE_DAYS} days (${NAIVE_DAYS * 86_400} steps), scaled ×${(YEARS_DAYS / NAIVE_DAYS).toFixed(1)} to seven years: ${(scaledNaiveMs / 1000).toFixed(1)} s`,
);
console.log(
  `  same delivered volume over the shared ${NAIVE_DAYS} days: ${shared.totals.deliveredNl} nL (asserted)`,
);
console.log(
  `  over seven years: delivered ${(s.totals.deliveredNl / 1e6).toFixed(3)} mL, ERI ${s.battery?.eriAt ? new Date(s.battery.eriAt).toISOString() : 'none'}, EOS ${s.battery?.eosAt ? new Date(s.battery.eosAt).toISOString() : 'none'}`,
);
console.log(`  ratio (scaled naive / event-driven): ${ratio.toFixed(0)}× (target ≥ 1000×)`);
report(
  'pump',
  ratio,
  `naive fixed-step (1 s) loop of the same controller, measured over ${NAIVE_DAYS} days and scaled to 7 years`,
  {
    eventDrivenMs: Number(timing.medianMs.toFixed(2)),
    events: result.events,
    eventsPerSecond: Math.round(result.events / (timing.medianMs / 1000)),
    naiveMs: Number(naiveMs.toFixed(1)),
    naiveDays: NAIVE_DAYS,
    scaledNaiveMs: Math.round(scaledNaiveMs),
    simulatedDays: YEARS_DAYS,
    deliveredMl: s.totals.deliveredNl / 1e6,
    sharedSpanDeliveredNl: shared.totals.deliveredNl,
  },
);
