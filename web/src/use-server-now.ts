/**
 * The server's clock for every time a page prefills or bounds (docs/web.md "Clock"): the demo runs its
 * clinic ahead of the wall clock (`POST /api/v1/demo/clock`), so a page that prefilled from the browser's
 * clock recorded a troubleshooting episode, an implant date or a diary day in the demo's past. The
 * offset to the server's "now" is read once from the demo status; a real clinic has no demo routes and
 * its server runs on the wall clock (offset 0). The one place in web/src that reads the browser clock.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, demoNow, type DemoStatus } from './api.ts';

/** The browser's wall clock; only {@link useServerNow} reads it. */
const wallClock = (): number => Date.now();

/** A function giving the server's "now" (ms): the browser's clock plus the demo clock's offset. */
export function useServerNow(): () => number {
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    let live = true;
    api.get<DemoStatus>('/api/v1/demo/status').then(
      (s) => {
        const n = demoNow(s);
        if (live && n !== null) setOffset(n - wallClock());
      },
      // No demo routes: the server runs on the wall clock.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return useCallback(() => wallClock() + offset, [offset]);
}

/** The server's "now" read once (for a page that prefills from data it loads at the same time). */
export async function fetchServerNow(): Promise<number> {
  const s = await api.get<DemoStatus>('/api/v1/demo/status').catch(() => null);
  return demoNow(s) ?? wallClock();
}
