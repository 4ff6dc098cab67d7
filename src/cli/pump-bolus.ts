/**
 * `itb pump bolus|prime`: a clinician's single bolus and the priming bolus over the link, recorded in the
 * clinic database as the API records them (src/server/pump-control-routes.ts), with the programmer's one
 * rule for each — the single-bolus cap (programmer/bolus.ts) and the priming volume computed from the
 * implant's recorded catheter, refused when that volume is implausible for the catheter's model and length
 * (programmer/priming.ts, therapy/catheter.ts):
 *
 *   itb pump bolus --pump HOST:PORT --keys FILE --patient ID --as EMAIL [--db URL]
 *                  --dose 50mcg --duration-minutes N [--confirm --justification OBSERVER] [--json]
 *   itb pump prime --pump HOST:PORT --keys FILE --patient ID --as EMAIL [--db URL]
 *                  [--confirm --justification SUPERVISOR] [--json]
 *
 * Both always warn (a bolus can cause overdose; a priming bolus mixes drug into the catheter's fluid:
 * docs/clinical-reference.md §2, §3), so nothing is sent without `--confirm` and `--justification` naming who
 * observes or supervises the patient. Physicians only, as in the API (pump-rules.ts).
 */
import type { Command } from 'commander';
import { applyBolus, planBolus, type BolusPlan } from '../programmer/bolus.ts';
import { interrogate } from '../programmer/interrogate.ts';
import { applyPriming, planPriming } from '../programmer/priming.ts';
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { millis, MS_PER_MINUTE, type Millis, type Nanograms } from '../therapy/quantities.ts';
import { massText } from '../therapy/drug-display.ts';
import type { Reason } from '../therapy/verdict.ts';
import { str, type Flags } from './flags.ts';
import { DOSE_FLAG_HELP, massFlagOfPumpDrug } from './dose-flags.ts';
import { numberFlag } from './parse.ts';
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

/** What the plan shows before anything is sent (and what `--json` carries on success). */
export interface BolusPlanView {
  readonly kind: 'bolus' | 'priming';
  readonly serial: string;
  /** The bolus amount, or the priming volume with its catheter and dead-space parts. */
  readonly what: string;
  readonly verdict: BolusPlan['verdict'];
  readonly reasons: readonly Reason[];
}

/** What `itb pump bolus|prime --json` prints once the bolus was sent. */
export type BolusReport = RecordedReport<BolusPlanView>;

const planText = (v: BolusPlanView): string =>
  [
    `${v.kind === 'bolus' ? 'BOLUS' : 'PRIMING BOLUS'} on pump ${v.serial}: ${v.what}: ${v.verdict}`,
    ...v.reasons.map((r) => reasonLine(r)),
  ].join('\n');

const reportText = (r: BolusReport): string => recordedText(planText(r.plan), r.plan.kind, r);

/**
 * The bolus asked for, checked before anything opens: an amount over whole minutes, read in the label unit
 * of the drug the pump holds (a bare 0.2 is 0.2 mg on a morphine pump, 0.2 mcg on a baclofen one).
 */
function bolusRequest(f: Flags): {
  amount: (drug: string | null | undefined) => Nanograms;
  duration: Millis;
} {
  const amount = massFlagOfPumpDrug(str(f, 'dose'), '--dose');
  const text = str(f, 'durationMinutes');
  const minutes = numberFlag(text, '--duration-minutes', 1, 24 * 60);
  if (!Number.isInteger(minutes)) {
    throw new ItbError('ITB_E_INVALID_INPUT', `--duration-minutes must be whole minutes (got ${text ?? ''})`);
  }
  return { amount, duration: millis(minutes * MS_PER_MINUTE) };
}

async function bolus(f: Flags): Promise<BolusReport> {
  const { amount, duration } = bolusRequest(f);
  return withRecordedPump(f, changeRoutes('bolus', f), async ({ link, store, implant, target }) => {
    const snapshot = await interrogate(link.client);
    const drug = snapshot.status.drug;
    const plan = planBolus(snapshot, amount(drug), duration, getProfile(implant.deviceProfileId));
    const cap =
      plan.cap === null ? 'no cap: the pump reports no drug' : `cap ${massText(plan.cap.value, drug)}`;
    const view: BolusPlanView = {
      kind: 'bolus',
      serial: link.keys.pump.label,
      what: `${massText(plan.amount, drug)} over ${duration / MS_PER_MINUTE} min (${cap})`,
      verdict: plan.verdict,
      reasons: plan.reasons,
    };
    confirmGate(f, 'bolus', view, planText(view));
    const out = await applyBolus(plan, confirmation(f), target, {
      client: link.client,
      store,
      now: Date.now,
    });
    return recordedReport(view, out);
  });
}

async function prime(f: Flags): Promise<BolusReport> {
  return withRecordedPump(f, changeRoutes('priming', f), async ({ link, store, implant, target }) => {
    const plan = planPriming({
      snapshot: await interrogate(link.client),
      profile: getProfile(implant.deviceProfileId),
      catheter: implant.catheter,
    });
    const p = plan.priming.view;
    const view: BolusPlanView = {
      kind: 'priming',
      serial: link.keys.pump.label,
      what:
        `${p.primingVolumeMl} mL (catheter ${p.catheterVolumeMl} mL + pump dead space ` +
        `${p.pumpDeadVolumeMl} mL)`,
      verdict: plan.priming.verdict,
      reasons: plan.priming.reasons,
    };
    confirmGate(f, 'priming', view, planText(view));
    const out = await applyPriming(plan, confirmation(f), target, {
      client: link.client,
      store,
      now: Date.now,
    });
    return recordedReport(view, out);
  });
}

/** Registers `itb pump bolus` and `itb pump prime`. */
export function registerPumpBolusCommands(pump: Command): void {
  recordedOptions(
    pumpLinkOptions(
      pump
        .command('bolus')
        .description(
          'give a single bolus (the drug’s single-bolus cap; --justification names who observes the patient)',
        ),
    ),
  )
    .requiredOption('--dose <amount>', `bolus ${DOSE_FLAG_HELP.mass}; the drug is what the pump holds`)
    .requiredOption('--duration-minutes <min>', 'delivered over this many whole minutes')
    .action((f: Flags) => runRecorded(f, () => bolus(f), reportText));
  recordedOptions(
    pumpLinkOptions(
      pump
        .command('prime')
        .description(
          'priming bolus after an implant or catheter revision: the recorded catheter volume plus the pump’s dead space',
        ),
    ),
  ).action((f: Flags) => runRecorded(f, () => prime(f), reportText));
}
