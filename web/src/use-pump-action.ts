/**
 * A page's action on the pump (plan, apply, record): one at a time (`busy`), its error in words, and the
 * server without pump routes said plainly (`unavailable`), not as a bare 404.
 */
import { useState } from 'react';
import { errorText, isMissingRoute } from './api.ts';

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
