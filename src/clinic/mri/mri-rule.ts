/**
 * What an MRI asks of each pump (docs/clinical-reference.md §3 "MRI"; hazards H43 and H44 in
 * docs/hazards.md), as data per pump kind, and the pure checks the MRI records pass through
 * (mri-repo.ts): whether a planned scan may be marked ready, and the alert a scan raises until the pump is
 * interrogated after it.
 *
 * H43: a valve-gated (Prometra-like) pump must have its reservoir emptied before the scan — the aspirated
 * volume reconciled against the volume expected, as a refill's residual (therapy/reconcile.ts) — unless a
 * physician records a justified acceptance of the small bolus the closing valve delivers. H44: a
 * peristaltic (SynchroMed-like) pump's rotor stalls for the scan and an alarm can hold it until
 * interrogated; a valve pump's valve stays closed until a manual reset. Both must be interrogated after the
 * scan. A constant-flow pump has neither motor nor telemetry.
 */
import type { PumpKind, PumpProfile } from '../../pump/profile.ts';
import { ItbError } from '../../therapy/codes.ts';
import type { DrugId } from '../../therapy/drug.ts';
import type { Nanolitres } from '../../therapy/quantities.ts';
import { reconcileResidual } from '../../therapy/reconcile.ts';
import { sourced, type Sourced } from '../../therapy/sourced.ts';
import { formatVolume } from '../../therapy/units.ts';
import type { Reason } from '../../therapy/verdict.ts';

export interface MriRule {
  /** What must be done before the scan. */
  readonly before: 'empty-reservoir' | 'nothing';
  /**
   * What the pump does in the scanner, in clinician words: a clause its readers put after "During the
   * scan" (the MRI page), "during the scan:" (the CLI) or "In the scan" (the follow-up alert), so it does
   * not say "during the scan" itself (the page once read "During the scan the pump stops during the scan").
   */
  readonly duringScan: string;
  /** Whether the pump must be interrogated after the scan (an alert stays open until it is). */
  readonly interrogateAfter: boolean;
  /** The alert's severity while the pump is not interrogated after the scan. */
  readonly alertSeverity: 'critical' | 'warning';
  /**
   * The pump delivers nothing after the scan until it is interrogated and reset (a valve pump): its follow-up
   * alert then says so as a condition that stops delivery (pump-condition-table.ts `mri-valve-closed`), read
   * by the board's top tier, the patient page, the patient's dates and the emergency card.
   */
  readonly stopsUntilReset: boolean;
}

const MRI_LABELLING =
  'docs/clinical-reference.md §3 MRI [C: SynchroMed II and Prometra MRI labelling; FDA safety communication on Prometra and MRI, 2018]';

/** The rule per pump kind; named, overridable data (the severities are our choice [A]). */
export const MRI_RULES: Readonly<Record<PumpKind, Sourced<MriRule>>> = {
  valve: sourced(
    {
      before: 'empty-reservoir',
      duringScan:
        'the valve closes in the field and delivers nothing until the pump is interrogated and reset; drug left in the reservoir may reach the patient',
      interrogateAfter: true,
      alertSeverity: 'critical',
      stopsUntilReset: true,
    },
    'C',
    `${MRI_LABELLING}; the critical severity is our choice [A]: no delivery until reset means withdrawal`,
  ),
  peristaltic: sourced(
    {
      before: 'nothing',
      duringScan:
        'the rotor stalls in the magnet and the pump stops (recovery may take 2–24 h, and an alarm raised in the scanner can hold it until interrogated)',
      interrogateAfter: true,
      alertSeverity: 'warning',
      stopsUntilReset: false,
    },
    'C',
    `${MRI_LABELLING}; the warning severity is our choice [A]: the pump usually resumes by itself`,
  ),
  'constant-flow': sourced(
    {
      before: 'nothing',
      duringScan: 'no motor or valve to stop and no telemetry to interrogate',
      interrogateAfter: false,
      alertSeverity: 'warning',
      stopsUntilReset: false,
    },
    'A',
    'our assumption, as the profile’s field response: no motor or valve to stall',
  ),
};

/** The MRI rule of `profile`. */
export const mriRuleFor = (profile: Pick<PumpProfile, 'kind'>): Sourced<MriRule> => MRI_RULES[profile.kind];

/** The volume aspirated from the reservoir before the scan and the volume the pump expected in it. */
export interface Emptying {
  readonly expectedNl: number;
  readonly aspiratedNl: number;
}

/** What the readiness record keeps: the emptying with its reconciliation, and why the scan may go ahead. */
export interface Readiness {
  readonly emptying: (Emptying & { readonly emptied: boolean; readonly reasons: readonly Reason[] }) | null;
  readonly reasons: readonly Reason[];
}

/** The reservoir is emptied when the reconciliation finds no discrepancy beyond its threshold. */
const emptiedBy = (reasons: readonly Reason[]) => ({
  emptied: reasons.every((r) => r.severity === 'ok'),
  reasons,
});

const interrogateAfter = (rule: MriRule): Reason[] =>
  rule.interrogateAfter
    ? [
        {
          code: 'ITB_R_MRI_INTERROGATE_AFTER',
          severity: 'ok',
          message: `${rule.duringScan}: interrogate the pump after the scan`,
        },
      ]
    : [];

/** Refuses an emptying or an acceptance for a pump whose preparation empties nothing. */
export function requireEmptyingRule(profile: Pick<PumpProfile, 'kind' | 'name'>, what: string): void {
  if (mriRuleFor(profile).value.before !== 'empty-reservoir') {
    throw new ItbError(
      'ITB_E_MRI_STEP_OUT_OF_ORDER',
      `${what} is not part of an MRI preparation for a ${profile.name}: its reservoir is not emptied before a scan`,
    );
  }
}

/**
 * Whether a planned scan may be marked ready (H43). A valve-gated pump needs its reservoir emptied — the
 * aspirated volume within the refill reconciliation threshold of the expected volume — or a physician's
 * recorded acceptance (`accepted`); otherwise ITB_E_MRI_RESERVOIR_NOT_EMPTIED, with the reasons, and
 * nothing is recorded. Other pumps need no emptying (one given is refused). `drug` is the drug in the
 * reservoir, whose signs the reconciliation's actions name.
 */
export function readiness(
  profile: Pick<PumpProfile, 'kind' | 'name' | 'reservoir'>,
  emptying: Emptying | null,
  accepted: boolean,
  drug: DrugId | null,
): Readiness {
  const rule = mriRuleFor(profile).value;
  if (rule.before === 'nothing') {
    if (emptying !== null) requireEmptyingRule(profile, 'emptying the reservoir');
    return { emptying: null, reasons: interrogateAfter(rule) };
  }
  const recorded =
    emptying === null
      ? null
      : {
          ...emptying,
          ...emptiedBy(
            reconcileResidual({
              reservoirSize: profile.reservoir.value,
              expected: emptying.expectedNl as Nanolitres,
              measured: emptying.aspiratedNl as Nanolitres,
              drug,
            }).reasons,
          ),
        };
  if (recorded?.emptied === true) {
    const reason: Reason = {
      code: 'ITB_R_MRI_RESERVOIR_EMPTIED',
      severity: 'ok',
      message: `the reservoir is emptied: ${formatVolume(recorded.aspiratedNl)} aspirated of ${formatVolume(recorded.expectedNl)} expected`,
    };
    return { emptying: recorded, reasons: [reason, ...interrogateAfter(rule)] };
  }
  const notEmptied: Reason = {
    code: 'ITB_R_MRI_RESERVOIR_NOT_EMPTIED',
    severity: 'warn',
    message:
      recorded === null
        ? 'no emptying of the reservoir was recorded: aspirate it and record the volume against the volume expected'
        : `the aspirated ${formatVolume(recorded.aspiratedNl)} does not reconcile with the ${formatVolume(recorded.expectedNl)} expected: drug may remain in the reservoir`,
  };
  const reasons = [notEmptied, ...(recorded?.reasons ?? [])];
  if (!accepted) {
    throw new ItbError(
      'ITB_E_MRI_RESERVOIR_NOT_EMPTIED',
      `a ${profile.name} must have its reservoir emptied before an MRI (${notEmptied.message}), unless a physician records a justified acceptance`,
      { reasons },
    );
  }
  const acceptance: Reason = {
    code: 'ITB_R_MRI_BOLUS_ACCEPTED',
    severity: 'warn',
    message: 'a physician accepted scanning with drug in the reservoir (justification recorded)',
  };
  return { emptying: recorded, reasons: [...reasons, acceptance, ...interrogateAfter(rule)] };
}

/** The alert a recorded scan raises until the pump is interrogated after it (H44), or null. */
export function mriFollowUpAlert(
  profile: Pick<PumpProfile, 'kind'>,
  scanDay: string,
): {
  kind: 'mri-follow-up';
  severity: 'critical' | 'warning';
  message: string;
  source: string;
  condition?: 'mri-valve-closed';
} | null {
  const rule = mriRuleFor(profile);
  if (!rule.value.interrogateAfter) return null;
  return {
    kind: 'mri-follow-up',
    severity: rule.value.alertSeverity,
    message: `MRI on ${scanDay}: pump not interrogated since. In the scan ${rule.value.duringScan}: interrogate the pump now and check the patient for withdrawal signs.`,
    source: rule.source,
    ...(rule.value.stopsUntilReset ? { condition: 'mri-valve-closed' as const } : {}),
  };
}
