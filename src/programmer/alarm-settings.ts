/**
 * Alarm settings (issue 12, item 5): the low-reservoir alarm threshold and, where the device profile has
 * alarms, the critical-alarm repeat interval, as plan → confirm over `set-alarm-thresholds` (docs/protocol.md
 * §6). The plan refuses a value outside the profile's range before anything is sent (the pump checks it
 * again: defence in depth, docs/architecture.md principle 4), and a threshold lowered below the profile's
 * default warns: the alarm then leaves less time to refill before the reservoir runs dry, and an empty
 * pump means baclofen withdrawal (docs/clinical-reference.md §2, §3). The threshold is read back from the
 * pump's status; the repeat interval is not in any interrogation answer, so it is reported as accepted,
 * never as read back.
 */
import type { Alert, ProgrammingSession } from '../clinic/clinical-records.ts';
import type { PumpProfile } from '../pump/profile.ts';
import type { Millis, Nanolitres } from '../therapy/quantities.ts';
import { ItbError } from '../therapy/codes.ts';
import { formatVolume } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { planVerdict } from './plan-verdict.ts';
import { progReason } from './codes.ts';
import { type DiffEntry } from './diff.ts';
import { type Snapshot } from './interrogate.ts';
import type { Confirmation, WorkflowDeps, WorkflowTarget } from './session.ts';
import { assertWritable } from './titrate.ts';
import { writeAndVerify, type WriteResult } from './write.ts';
import { recordControlSession } from './control-session.ts';

/** What the clinician asks to change; an absent field keeps the pump's setting. */
export interface AlarmSettingsRequest {
  readonly lowReservoir?: Nanolitres;
  readonly criticalRepeat?: Millis;
}

export interface AlarmSettingsPlan {
  readonly snapshot: Snapshot;
  readonly request: AlarmSettingsRequest;
  /** The profile's ranges, shown beside the inputs. */
  readonly ranges: {
    readonly lowReservoir: PumpProfile['lowReservoir'];
    readonly criticalRepeat: NonNullable<PumpProfile['alarms']>['criticalRepeat'] | null;
  };
  /** before → after; the repeat interval's `before` is null: the pump does not report it. */
  readonly diff: readonly DiffEntry[];
  readonly verdict: 'ok' | 'warn' | 'block';
  readonly reasons: readonly Reason[];
}

const minutes = (ms: number) => `${ms / 60_000} min`;

/** Checks the requested alarm settings against the pump's device profile (pure). */
export function planAlarmSettings(
  snapshot: Snapshot,
  profile: PumpProfile,
  request: AlarmSettingsRequest,
): AlarmSettingsPlan {
  if (request.lowReservoir === undefined && request.criticalRepeat === undefined) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      'give a low-reservoir threshold or an alarm repeat interval to change',
    );
  }
  const reasons: Reason[] = [];
  const diff: DiffEntry[] = [];
  const low = profile.lowReservoir;
  const repeat = profile.alarms?.criticalRepeat ?? null;
  if (request.lowReservoir !== undefined) {
    const v = request.lowReservoir;
    const r = low.value;
    if (v < r.min || v > r.max) {
      reasons.push(
        progReason(
          'ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE',
          'block',
          `the low-reservoir threshold must be ${formatVolume(r.min)}–${formatVolume(r.max)} on ${profile.name} (${low.source})`,
          v < r.min ? r.min : r.max,
          v,
        ),
      );
    } else if (v < r.default) {
      reasons.push(
        progReason(
          'ITB_R_PROG_LOW_RESERVOIR_LOWERED',
          'warn',
          `${formatVolume(v)} is below the default ${formatVolume(r.default)}: the alarm leaves less time to refill before the pump runs dry (withdrawal risk)`,
          r.default,
          v,
        ),
      );
    }
    const before = snapshot.status.lowReservoirThreshold;
    if (v !== before) diff.push({ path: 'lowReservoirThreshold', before, after: v });
  }
  if (request.criticalRepeat !== undefined) {
    const v = request.criticalRepeat;
    if (repeat === null) {
      reasons.push(
        progReason(
          'ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE',
          'block',
          `${profile.name} has no programmable alarm interval`,
        ),
      );
    } else if (v < repeat.value.min || v > repeat.value.max) {
      reasons.push(
        progReason(
          'ITB_R_PROG_ALARM_SETTING_OUT_OF_RANGE',
          'block',
          `the alarm repeat interval must be ${minutes(repeat.value.min)}–${minutes(repeat.value.max)} (${repeat.source})`,
          v < repeat.value.min ? repeat.value.min : repeat.value.max,
          v,
        ),
      );
    }
    diff.push({ path: 'criticalRepeatMs', before: null, after: v });
  }
  return {
    snapshot,
    request,
    ranges: { lowReservoir: low, criticalRepeat: repeat },
    diff,
    ...planVerdict(reasons),
  };
}

export interface AlarmSettingsOutcome {
  readonly write: WriteResult;
  /** Settings the pump accepted but no interrogation can read back (the repeat interval). */
  readonly notReadBack: readonly string[];
  readonly session: ProgrammingSession;
  readonly alerts: readonly Alert[];
}

/** Writes the settings (compare-and-set on the planned version), reads the threshold back, records it. */
export async function applyAlarmSettings(
  plan: AlarmSettingsPlan,
  confirmation: Confirmation,
  target: WorkflowTarget,
  deps: WorkflowDeps,
): Promise<AlarmSettingsOutcome> {
  const justification = assertWritable(plan, confirmation, plan.diff);
  const { lowReservoir, criticalRepeat } = plan.request;
  const write = await writeAndVerify(
    deps.client,
    {
      op: 'set-alarm-thresholds',
      commandId: deps.client.newCommandId(),
      expectedVersion: plan.snapshot.stateVersion,
      lowReservoir,
      criticalRepeat,
    },
    {
      expected: { lowReservoirThreshold: lowReservoir ?? plan.snapshot.status.lowReservoirThreshold },
      actual: (s) => ({ lowReservoirThreshold: s.status.lowReservoirThreshold }),
    },
  );
  const notReadBack = criticalRepeat === undefined ? [] : ['criticalRepeatMs'];
  const recorded = await recordControlSession(deps, target, {
    workflow: 'alarm-settings',
    snapshot: plan.snapshot,
    write,
    details: { notReadBack },
    diff: plan.diff,
    guardrail: plan,
    justification,
    what: 'alarm settings',
  });
  return { write, notReadBack, ...recorded };
}
