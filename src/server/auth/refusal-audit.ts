/**
 * The ONE check of a rule that audits its refusal: the API's hook (auth/hook.ts) and the command line's
 * `--as` (cli/clinic-access.ts) both call it, so a nurse trying a physician's write leaves the same `refuse`
 * entry — naming the actor and the patient asked about, else the route — whichever way she tried. The
 * refusal stands if the entry cannot be written; `onAuditError` says so where the caller logs.
 */
import type { ClinicStore } from '../../clinic/store.ts';
import { assertAllowed, type Acting, type Rule } from '../authz-table.ts';
import { idSchema } from '../routes/common.ts';

/**
 * The patient a refused request named: the rule's patient parameter, else the route's `:patientId`; only
 * when it is an id (the path is not validated yet, and the audit trail keeps it as it is).
 */
function namedPatient(rule: Rule, params: Readonly<Record<string, unknown>>): string | undefined {
  const name = 'roles' in rule && rule.patientParam !== undefined ? rule.patientParam : 'patientId';
  const id = idSchema.safeParse(params[name]);
  return id.success ? id.data : undefined;
}

/** {@link assertAllowed}, with its refusal of `who` (audit actor `actor`) written to the audit trail first. */
export async function assertAllowedAudited(
  store: Pick<ClinicStore, 'recordRefusal'>,
  check: { readonly rule: Rule; readonly route: string; readonly params: Readonly<Record<string, unknown>> },
  who: Acting & { readonly actor: string },
  onAuditError: (e: unknown) => void,
): Promise<void> {
  try {
    assertAllowed(check.rule, who, check.params);
  } catch (error) {
    const patientId = namedPatient(check.rule, check.params);
    const refusal = {
      route: check.route,
      reason: (error as Error).message,
      ...(patientId === undefined ? {} : { patientId }),
    };
    await store.recordRefusal(refusal, { actor: who.actor }).catch(onAuditError);
    throw error;
  }
}
