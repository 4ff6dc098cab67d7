/**
 * fast-check generators for the link's typed values (commands, responses, prescriptions), used by the
 * round-trip and fuzz tests. Values stay inside the wire layouts' ranges; the fuzz tests add the garbage.
 */
import fc from 'fast-check';
import type { DrugId } from '../therapy/drug.ts';
import type { FlexDay, Prescription, Weekday } from '../therapy/prescription.ts';
import type {
  EpochMs,
  Millis,
  Nanograms,
  NanogramsPerDay,
  NanogramsPerMl,
  Nanolitres,
} from '../therapy/quantities.ts';
import { ALARM_CODES, type AlarmKind } from './alarm-kinds.ts';
import { MAX_LOG_ENTRIES, type Command, type CommandId } from './commands.ts';
import { DRUG_CODES, MAX_FLEX_BOLUSES, MAX_FLEX_STEPS } from './prescription-codec.ts';
import type { Response, ResponseBody, WireReason } from './responses.ts';
import type { LogEntry, PumpStatus, RunningBolus } from './status-codec.ts';
import { toHex } from './wire.ts';

const u32 = fc.integer({ min: 0, max: 0xffff_fffe });
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
export const commandIdArb: fc.Arbitrary<CommandId> = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .map((b) => toHex(b) as CommandId);
const drugArb = fc.constantFrom(...(Object.keys(DRUG_CODES) as DrugId[]));
const alarmArb = fc.constantFrom(...(Object.keys(ALARM_CODES) as AlarmKind[]));
const drugSpec = fc.record({ drug: drugArb, concentration: u32.map((n) => n as NanogramsPerMl) });

const flexDay: fc.Arbitrary<FlexDay> = fc
  .record({
    minutes: fc.uniqueArray(fc.integer({ min: 1, max: 1439 }), { maxLength: MAX_FLEX_STEPS - 1 }),
    doses: fc.array(u32, { minLength: MAX_FLEX_STEPS, maxLength: MAX_FLEX_STEPS }),
    boluses: fc.array(
      fc.record({
        startMinute: fc.integer({ min: 0, max: 1439 }),
        amount: u32.map((n) => n as Nanograms),
        duration: u32.map((n) => n as Millis),
      }),
      { maxLength: MAX_FLEX_BOLUSES },
    ),
  })
  .map(({ minutes, doses, boluses }) => ({
    steps: [0, ...minutes.sort((a, b) => a - b)].map((startMinute, i) => ({
      startMinute,
      dose: doses[i]! as NanogramsPerDay,
    })),
    boluses,
  }));

export const prescriptionArb: fc.Arbitrary<Prescription> = fc.oneof(
  fc.constant<Prescription>({ mode: 'stopped' }),
  drugSpec.map((drug): Prescription => ({ mode: 'minimum-rate', drug })),
  fc.record({ drug: drugSpec, dose: u32 }).map(({ drug, dose }): Prescription => ({
    mode: 'simple-continuous',
    drug,
    dose: dose as NanogramsPerDay,
  })),
  fc
    .record({
      drug: drugSpec,
      everyDay: flexDay,
      variants: fc.array(fc.option(flexDay, { nil: undefined }), { minLength: 7, maxLength: 7 }),
    })
    .map(({ drug, everyDay, variants }): Prescription => {
      const byWeekday: Partial<Record<Weekday, FlexDay>> = {};
      variants.forEach((d, i) => {
        if (d !== undefined) byWeekday[i as Weekday] = d;
      });
      const schedule = Object.keys(byWeekday).length === 0 ? { everyDay } : { everyDay, byWeekday };
      return { mode: 'flex', drug, schedule };
    }),
);

const nl = u32.map((n) => n as Nanolitres);
const ms = u32.map((n) => n as Millis);
const patientBolusArb = fc.record({
  amount: u32.map((n) => n as Nanograms),
  duration: ms,
  lockout: ms,
  maxPerDay: fc.integer({ min: 0, max: 0xffff }),
});

export const commandArb: fc.Arbitrary<Command> = commandIdArb.chain((commandId) =>
  fc.oneof(
    fc
      .constantFrom(
        'interrogate-status' as const,
        'interrogate-prescription' as const,
        'interrogate-alarms' as const,
        'patient-bolus' as const,
      )
      .map((op): Command => ({ op, commandId })),
    fc
      .record({ fromSeq: u32, max: fc.integer({ min: 1, max: MAX_LOG_ENTRIES }) })
      .map((b): Command => ({ op: 'interrogate-log', commandId, ...b })),
    fc
      .record({
        expectedVersion: u32,
        prescription: prescriptionArb,
        patientBolus: fc.oneof(fc.constant(undefined), fc.constant(null), patientBolusArb),
      })
      .map((b): Command => ({ op: 'program', commandId, ...b })),
    fc
      .record({
        expectedVersion: opt(u32),
        drug: drugArb,
        concentration: u32.map((n) => n as NanogramsPerMl),
        volumeAdded: nl,
        newVolume: nl,
        drainedVolume: opt(nl),
        prescription: opt(prescriptionArb),
      })
      .map((b): Command => ({ op: 'refill', commandId, ...b })),
    fc
      .record({ amount: u32.map((n) => n as Nanograms), duration: ms })
      .map((b): Command => ({ op: 'single-bolus', commandId, ...b })),
    fc
      .record({ volume: opt(nl), duration: opt(ms) })
      .map((b): Command => ({ op: 'priming-bolus', commandId, ...b })),
    fc.record({ volume: nl, duration: ms }).map((b): Command => ({ op: 'bridge-bolus', commandId, ...b })),
    fc
      .record({ op: fc.constantFrom('stop' as const, 'resume' as const), expectedVersion: opt(u32) })
      .map((b): Command => ({ commandId, ...b })),
    fc
      .record({ expectedVersion: opt(u32), lowReservoir: opt(nl), criticalRepeat: opt(ms) })
      .map((b): Command => ({ op: 'set-alarm-thresholds', commandId, ...b })),
    alarmArb.map((alarm): Command => ({ op: 'acknowledge-alarm', commandId, alarm })),
    fc
      .record({ expectedVersion: opt(u32), utcOffsetMinutes: fc.integer({ min: -1440, max: 1440 }) })
      .map((b): Command => ({ op: 'set-clock', commandId, ...b })),
    fc
      .record({ expectedVersion: opt(u32), volume: nl })
      .map((b): Command => ({ op: 'set-catheter', commandId, ...b })),
    commandIdArb.map((target): Command => ({ op: 'query-result', commandId, target })),
  ),
);

const codeArb = fc
  .stringMatching(/^[A-Z0-9_]{1,40}$/)
  .chain((tail) => fc.constantFrom(`ITB_E_${tail}`, `ITB_R_${tail}`));
const safeInt = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const reasonArb: fc.Arbitrary<WireReason> = fc
  .record({
    code: codeArb,
    severity: fc.constantFrom('ok' as const, 'warn' as const, 'block' as const),
    limit: opt(safeInt),
    value: opt(safeInt),
  })
  .map(({ limit, value, ...r }) => ({
    ...r,
    ...(limit === undefined ? {} : { limit }),
    ...(value === undefined ? {} : { value }),
  }));
const epochArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((n) => n as EpochMs);

export const statusArb: fc.Arbitrary<PumpStatus> = fc.record({
  stateVersion: u32,
  pumpTime: epochArb,
  mode: fc.constantFrom(
    'stopped' as const,
    'minimum-rate' as const,
    'simple-continuous' as const,
    'flex' as const,
  ),
  drug: opt(drugArb),
  concentration: u32.map((n) => n as NanogramsPerMl),
  doseRate: u32.map((n) => n as NanogramsPerDay),
  flow: u32.map((n) => n as never),
  reservoir: nl,
  lowReservoirThreshold: nl,
  bolus: opt(
    fc.constantFrom<RunningBolus>(
      'single-bolus',
      'priming-bolus',
      'bridge-bolus',
      'patient-bolus',
      'periodic-bolus',
    ),
  ),
  bolusRemaining: nl,
  batteryPercent: opt(fc.integer({ min: 0, max: 100 })),
  alarms: fc.uniqueArray(alarmArb).map((a) => a.sort((x, y) => ALARM_CODES[x] - ALARM_CODES[y])),
  suspended: fc.boolean(),
  motorStalled: fc.boolean(),
  utcOffsetMinutes: fc.integer({ min: -1440, max: 1440 }),
});

const logEntryArb: fc.Arbitrary<LogEntry> = fc.record({
  seq: u32,
  at: epochArb,
  type: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/),
  message: fc.string({ maxLength: 40 }),
});

function bodyFor(op: Command['op']): fc.Arbitrary<ResponseBody> {
  switch (op) {
    case 'interrogate-status':
      return statusArb.map((status) => ({ kind: 'status' as const, status }));
    case 'interrogate-prescription':
      return fc
        .record({
          stateVersion: u32,
          prescription: prescriptionArb,
          patientBolus: fc.oneof(fc.constant(null), patientBolusArb),
        })
        .map((b) => ({ kind: 'prescription' as const, ...b }));
    case 'interrogate-log':
      return fc
        .record({ nextSeq: u32, entries: fc.array(logEntryArb, { maxLength: MAX_LOG_ENTRIES }) })
        .map((b) => ({ kind: 'log' as const, ...b }));
    case 'interrogate-alarms':
      return fc
        .uniqueArray(fc.record({ kind: alarmArb, since: epochArb, acknowledged: fc.boolean() }), {
          selector: (a) => a.kind,
        })
        .map((alarms) => ({ kind: 'alarms' as const, alarms }));
    case 'query-result':
      return fc
        .option(
          commandArb.filter((c) => c.op !== 'query-result').chain((c) => plainResponse(c)),
          { nil: undefined },
        )
        .map((found) => ({ kind: 'result' as const, found }));
    default:
      return u32.map((stateVersion) => ({ kind: 'version' as const, stateVersion }));
  }
}

function plainResponse(c: Command): fc.Arbitrary<Response> {
  return fc.oneof(
    fc
      .record({
        outcome: fc.constantFrom('applied' as const, 'duplicate' as const),
        reasons: fc.array(reasonArb, { maxLength: 8 }),
        body: bodyFor(c.op),
      })
      .map((r): Response => ({ op: c.op, commandId: c.commandId, ...r })),
    fc
      .record({ error: codeArb, reasons: fc.array(reasonArb, { maxLength: 8 }) })
      .map((r): Response => ({ op: c.op, commandId: c.commandId, outcome: 'refused', ...r })),
  );
}

/** Responses of every kind, including query results that carry another response. */
export const responseArb: fc.Arbitrary<Response> = commandArb.chain(plainResponse);
