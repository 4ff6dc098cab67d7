/**
 * `itb pump alarm-settings`: the low-reservoir alarm threshold and, where the device profile allows, the
 * critical-alarm repeat interval, with the programmer's one rule (programmer/alarm-settings.ts) — the one
 * behind `POST …/pump/alarm-settings/plan|apply`:
 *
 *   itb pump alarm-settings --pump HOST:PORT --keys FILE --patient ID [--db URL]
 *                           [--low-reservoir 3mL] [--repeat-minutes N] [--confirm [--justification TEXT]] [--json]
 *
 * A value outside the implant's profile range is blocked; a threshold below the profile's default warns
 * (less time to refill before the pump runs dry: withdrawal risk, docs/clinical-reference.md §2, §3) and
 * needs --justification. The repeat interval is not in any interrogation answer, so it is reported as
 * accepted, never as read back.
 */
import type { Command } from 'commander';
import type { WriteStatus } from '../programmer/session.ts';
import {
  applyAlarmSettings,
  planAlarmSettings,
  type AlarmSettingsPlan,
} from '../programmer/alarm-settings.ts';
import type { DiffEntry } from '../programmer/diff.ts';
import { interrogate } from '../programmer/interrogate.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { millis } from '../therapy/quantities.ts';
import { formatVolume, parseAs } from '../therapy/units.ts';
import type { Reason } from '../therapy/verdict.ts';
import { numberFlag } from './parse.ts';
import { pumpLinkOptions } from './pump-link.ts';
import {
  changeRoutes,
  confirmGate,
  confirmation,
  recordedOptions,
  runRecorded,
  withRecordedPump,
} from './pump-record.ts';
import { str } from './programmer.ts';
import { reasonLine } from './reason-line.ts';

type Flags = Record<string, string | boolean | undefined>;

/** What the plan shows before anything is sent. */
export interface AlarmPlanView {
  readonly serial: string;
  readonly diff: readonly DiffEntry[];
  readonly verdict: AlarmSettingsPlan['verdict'];
  readonly reasons: readonly Reason[];
}

/** What `itb pump alarm-settings --json` prints once the settings were written. */
export interface AlarmReport {
  readonly plan: AlarmPlanView;
  readonly status: WriteStatus;
  readonly notReadBack: readonly string[];
  readonly sessionId: string;
}

const value = (path: string, v: unknown): string =>
  v === null || v === undefined
    ? 'not reported'
    : path === 'lowReservoirThreshold'
      ? formatVolume(Number(v))
      : `${Number(v) / 60_000} min`;

const planText = (v: AlarmPlanView): string =>
  [
    `ALARM SETTINGS on pump ${v.serial}: ${v.verdict}`,
    ...v.diff.map((d) => `  ${d.path}: ${value(d.path, d.before)} → ${value(d.path, d.after)}`),
    ...v.reasons.map((x) => reasonLine(x)),
  ].join('\n');

const reportText = (r: AlarmReport): string =>
  [
    planText(r.plan),
    `alarm settings: ${r.status} (programming session ${r.sessionId})`,
    ...(r.notReadBack.length === 0 ? [] : [`accepted, not read back: ${r.notReadBack.join(', ')}`]),
  ].join('\n');

/** The request from the flags: a volume ("3 mL"; a bare number is mL) and whole minutes. */
function request(f: Flags) {
  const low = str(f, 'low-reservoir');
  const repeat = str(f, 'repeat-minutes');
  const minutes = repeat === undefined ? undefined : numberFlag(repeat, '--repeat-minutes', 1, 24 * 60);
  if (minutes !== undefined && !Number.isInteger(minutes)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `--repeat-minutes must be whole minutes (got ${repeat})`);
  }
  return {
    ...(low === undefined ? {} : { lowReservoir: parseAs(low, 'volume', 'mL').nl }),
    ...(minutes === undefined ? {} : { criticalRepeat: millis(minutes * 60_000) }),
  };
}

async function alarmSettings(f: Flags): Promise<AlarmReport> {
  // Bad input is refused before the database or the pump is opened.
  const wanted = request(f);
  return withRecordedPump(f, changeRoutes('alarm-settings', f), async ({ link, store, implant, target }) => {
    const plan = planAlarmSettings(
      await interrogate(link.client),
      getProfile(implant.deviceProfileId),
      wanted,
    );
    const view: AlarmPlanView = {
      serial: link.keys.pump.label,
      diff: plan.diff,
      verdict: plan.verdict,
      reasons: plan.reasons,
    };
    confirmGate(f, 'alarm-settings', view, planText(view));
    const out = await applyAlarmSettings(plan, confirmation(f), target, {
      client: link.client,
      store,
      now: Date.now,
    });
    return { plan: view, status: out.write.status, notReadBack: out.notReadBack, sessionId: out.session.id };
  });
}

/** Registers `itb pump alarm-settings`. */
export function registerPumpAlarmCommand(pump: Command): void {
  recordedOptions(
    pumpLinkOptions(
      pump
        .command('alarm-settings')
        .description(
          'set the low-reservoir alarm threshold and alarm repeat interval (checked against the profile)',
        ),
    ),
  )
    .option('--low-reservoir <volume>', 'low-reservoir alarm threshold, e.g. 3mL (a bare number is mL)')
    .option(
      '--repeat-minutes <min>',
      'critical-alarm repeat interval in whole minutes, where the profile allows',
    )
    .action((f: Flags) => runRecorded(f, () => alarmSettings(f), reportText));
}
