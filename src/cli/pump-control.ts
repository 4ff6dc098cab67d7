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
import { openStore } from '../clinic/open-store.ts';
import { interrogate } from '../programmer/interrogate.ts';
import { applyControl, planControl, type Control, type ControlPlan } from '../programmer/stop-resume.ts';
import { ItbError } from '../therapy/codes.ts';
import type { Reason } from '../therapy/verdict.ts';
import { CLI_ACTOR } from './db.ts';
import { run } from './output.ts';
import { pumpLinkOptions, withClinicianLink } from './pump-link.ts';
import { str } from './programmer.ts';

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
export interface ControlReport {
  readonly plan: ControlPlanView;
  readonly status: string;
  readonly sessionId: string;
  readonly alerts: readonly { readonly id: string; readonly kind: string; readonly message: string }[];
}

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
    ...v.reasons.map((r) => `  ${r.severity} ${r.code}: ${r.message}`),
    `restart plan: ${v.restartPlan}`,
  ].join('\n');

const reportText = (r: ControlReport): string =>
  [
    planText(r.plan),
    `${r.plan.control}: ${r.status} (programming session ${r.sessionId})`,
    ...r.alerts.map((a) => `alert ${a.kind}: ${a.message}`),
  ].join('\n');

async function control(f: Flags, which: Control): Promise<ControlReport> {
  const patientId = str(f, 'patient');
  if (patientId === undefined || patientId.trim() === '') {
    throw new ItbError('ITB_E_INVALID_INPUT', 'missing --patient: the stop or resume is recorded on them');
  }
  const store = await openStore(str(f, 'db'), { migrate: false, mustExist: true });
  try {
    const ctx = { actor: CLI_ACTOR };
    const implant = (await store.listImplants(patientId, ctx)).at(-1);
    if (implant === undefined) {
      throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no implant on record`);
    }
    return await withClinicianLink(f, async (link) => {
      const serial = link.keys.pump.label;
      if (serial !== implant.pumpSerial) {
        throw new ItbError(
          'ITB_E_INVALID_INPUT',
          `the keys are for pump ${serial}, but patient ${patientId}'s implant is pump ${implant.pumpSerial}`,
        );
      }
      const sessions = await store.listProgrammingSessions(patientId, ctx);
      const plan = planControl(which, await interrogate(link.client), {
        now: Date.now(),
        stoppedSince: stoppedSinceFrom(sessions, implant.id),
      });
      const view = planView(plan, serial);
      // The plan is shown whatever happens next (stderr: stdout stays empty when nothing was sent).
      if (f.json !== true) process.stderr.write(planText(view) + '\n');
      if (f.confirm !== true) {
        throw new ItbError(
          'ITB_E_PROGRAMMER_NOT_CONFIRMED',
          `review the ${which} plan and add --confirm to send it; nothing was sent to the pump`,
          { plan: view },
        );
      }
      const justification = str(f, 'justification');
      const out = await applyControl(
        plan,
        { confirm: true, ...(justification === undefined ? {} : { justification }) },
        { patientId, implantId: implant.id, actor: CLI_ACTOR },
        { client: link.client, store, now: Date.now },
      );
      return {
        plan: view,
        status: out.write.status,
        sessionId: out.session.id,
        alerts: out.alerts.map((a) => ({ id: a.id, kind: a.kind, message: a.message })),
      };
    });
  } finally {
    await store.close();
  }
}

/** Registers `itb pump stop` and `itb pump resume`. */
export function registerPumpControlCommands(pump: Command): void {
  for (const which of ['stop', 'resume'] as const) {
    pumpLinkOptions(
      pump
        .command(which)
        .description(
          which === 'stop'
            ? 'stop delivery (withdrawal warning, restart plan; needs --confirm and --justification)'
            : 'resume delivery at the prior rate (warns after a long stop; needs --confirm)',
        ),
    )
      .requiredOption('--patient <id>', 'the patient whose implant this pump is (the change is recorded)')
      .option('--db <url>', 'clinic database (default ITB_DATABASE_URL, else ./data/itb.sqlite)')
      .option('--confirm', 'send it: without it the plan is shown and nothing is sent')
      .option('--justification <text>', 'why (required for a stop, and for a resume after a long stop)')
      .action((f: Flags) => run(f, () => control(f, which), reportText));
  }
}
