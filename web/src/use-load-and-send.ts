/**
 * A page that reads its records and writes through the API (the MRI and troubleshooting pages): `reload`
 * runs when the page opens and after each write, `send` posts one write at a time (`busy`) and says in
 * words why it was refused (`error`). The page keeps what `reload` reads; the server decides every rule.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from './api.ts';

/** `base` is the URL the writes' paths are under; `reload` must keep its identity while `base` does. */
export function useLoadAndSend(base: string, reload: () => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    reload().catch((e: unknown) => setError(errorText(e)));
  }, [reload]);

  /** Posts `body` to `base + path`, then reads again; true when the write was taken. */
  const send = useCallback(
    async (path: string, body: unknown): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await api.post<unknown>(`${base}${path}`, body);
        await reload();
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [base, reload],
  );

  return { error, busy, send };
}
