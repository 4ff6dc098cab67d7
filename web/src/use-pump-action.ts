/**
 * A page's action on the pump (plan, apply, record): one at a time (`busy`), its error in words, and the
 * server without pump routes said plainly (`unavailable`), not as a bare 404.
 */
import { useState } from 'react';
import { api, errorText, isMissingRoute } from './api.ts';

export function usePumpAction(unavailable: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (f: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(isMissingRoute(e) ? unavailable : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/**
 * A pump control planned, then confirmed (`POST base/plan` with the page's body, then `…/apply` with the
 * plan id, `confirm` and the clinician's note as the justification; docs/workflows.md): the one state
 * machine of the bolus and alarm-settings pages. A new plan clears the last result and the note, so a
 * note written for one plan is never sent with another; a confirmed plan is gone, so it cannot be sent
 * twice. Editing a field the plan was made from drops the plan (`edited`): a "Confirm: give 50 mcg" left
 * enabled under an amount field that now reads 5000 is a plan nobody reviewed beside a number nobody checked.
 */
export function usePlannedPumpAction<P extends { readonly planId: string }, R>(
  base: string,
  unavailable: string,
) {
  const action = usePumpAction(unavailable);
  const [plan, setPlan] = useState<P | null>(null);
  const [note, setNote] = useState('');
  const [result, setResult] = useState<R | null>(null);

  const prepare = (body: unknown) =>
    action.run(async () => {
      setResult(null);
      setPlan(null);
      setNote('');
      setPlan(await api.post<P>(`${base}/plan`, body));
    });

  const confirm = () =>
    action.run(async () => {
      if (plan === null) return;
      const text = note.trim();
      setResult(
        await api.post<R>(`${base}/apply`, {
          planId: plan.planId,
          confirm: true,
          ...(text === '' ? {} : { justification: text }),
        }),
      );
      setPlan(null);
    });

  /** A setter of a field the plan is made from: the new value drops the plan and its note. */
  const edited =
    <T>(set: (value: T) => void) =>
    (value: T): void => {
      setPlan(null);
      setNote('');
      set(value);
    };

  return { ...action, plan, note, setNote, result, prepare, confirm, edited };
}
