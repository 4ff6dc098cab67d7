/**
 * `itb pump stop|resume`: stop or resume delivery over the link, recorded in the clinic database as the API
 * does (src/server/pump-control-routes.ts), with the programmer's one rule (programmer/stop-resume.ts):
 *
 *   itb pump stop   --pump HOST:PORT --keys FILE --patient ID [--db URL] [--confirm --justification TEXT] [--json]
 *   itb pump resume --pump HOST:PORT --keys FILE --patient ID [--db URL] [--confirm [--justification TEXT]] [--json]
 *
 * Stopping baclofen can start a withdrawal syndrome within hours (docs/clinical-reference.md §2; label boxed
 * warning), so the plan — the warning, the restart plan, the guardrail verdict — is always shown first and
 * nothing is sent without `--confirm`, nor a warned change without `--justification`. The clinic record is
 * required, not optional: a stop leaves the open withdrawal-risk alert with the restart plan (a stopped pump
 * cannot be forgotten), and a resume is judged against the stop time the clinic recorded (unknown → treated
 * as a long interruption). The keys must be the patient's implant's: a stop recorded on the wrong patient
 * would hide the stopped pump from its own patient's board.
 */
import type { Command } from 'commander';
import { stoppedSinceFrom } from '../clinic/delivery-stop.ts';
import { interrogate } from '../programmer/interrogate.ts';
import { applyControl, planControl, type Control, type ControlPlan } from '../programmer/stop-resume.ts';
import type { Reason } from '../therapy/verdict.ts';
import { pumpLinkOptions } from './pump-link.ts';
import {
  changeRoutes,
  confirmGate,
  confirmation,
  recordedOptions,
  recordedReport,
  recordedText,
  runRecorded,
  withRecordedPump,
  type RecordedReport,
} from './pump-record.ts';
import { reasonLine } from './reason-line.ts';

type Flags = Record<string, string | boolean | undefined>;

/** What the plan shows before anything is sent (and what `--json` carries on success). */
export interface ControlPlanView {
  readonly control: Control;
  readonly serial: string;
  readonly suspended: boolean;
  readonly verdict: ControlPlan['verdict'];
  readonly reasons: readonly Reason[];
  readonly restartPlan: string;
}

/** What `itb pump stop|resume --json` prints once the change was written. */
export type ControlReport = RecordedReport<ControlPlanView>;

const planView = (plan: ControlPlan, serial: string): ControlPlanView => ({
  control: plan.control,
  serial,
  suspended: plan.snapshot.status.suspended,
  verdict: plan.verdict,
  reasons: plan.reasons,
  restartPlan: plan.restartPlan,
});

const planText = (v: ControlPlanView): string =>
  [
    `${v.control.toUpperCase()} delivery on pump ${v.serial} (now ${v.suspended ? 'stopped' : 'delivering'}): ${v.verdict}`,
    ...v.reasons.map((x) => reasonLine(x)),
    `restart plan: ${v.restartPlan}`,
  ].join('\n');

const reportText = (r: ControlReport): string => recordedText(planText(r.plan), r.plan.control, r);

async function control(f: Flags, which: Control): Promise<ControlReport> {
  return withRecordedPump(f, changeRoutes(which, f), async ({ link, store, implant, target }) => {
    const sessions = await store.listProgrammingSessions(target.patientId, { actor: target.actor });
    const plan = planControl(which, await interrogate(link.client), {
      now: Date.now(),
      stoppedSince: stoppedSinceFrom(sessions, implant.id),
    });
    const view = planView(plan, link.keys.pump.label);
    confirmGate(f, which, view, planText(view));
    const out = await applyControl(plan, confirmation(f), target, {
      client: link.client,
      store,
      now: Date.now,
    });
    return recordedReport(view, out);
  });
}

/** Registers `itb pump stop` and `itb pump resume`. */
export function registerPumpControlCommands(pump: Command): void {
  for (const which of ['stop', 'resume'] as const) {
    recordedOptions(
      pumpLinkOptions(
        pump
          .command(which)
          .description(
            which === 'stop'
              ? 'stop delivery (withdrawal warning, restart plan; needs --confirm and --justification)'
              : 'resume delivery at the prior rate (warns after a long stop; needs --confirm)',
          ),
      ),
    ).action((f: Flags) => runRecorded(f, () => control(f, which), reportText));
  }
}
