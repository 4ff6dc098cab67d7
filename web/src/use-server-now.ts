/**
 * The server's clock for every time a page prefills or bounds (docs/web.md "Clock"): the demo runs its
 * clinic ahead of the wall clock (`POST /api/v1/demo/clock`), so a page that prefilled from the browser's
 * clock recorded a troubleshooting episode, an implant date or a diary day in the demo's past. A real
 * clinic has no demo routes and its server runs on the wall clock (offset 0). The one place in web/src
 * that reads the browser clock. An account without the demo status (a patient) takes the server's clock
 * from `GET /api/v1/auth/me`.
 *
 * One shared source for the whole tab: the demo status (`GET /api/v1/demo/status`) is read once when the
 * first component needs it, again whenever the window gets the focus back (another tab or person may have
 * moved the demo clock meanwhile), and taken from the answer whenever this tab moves the clock
 * ({@link setDemoStatus}); every component using it re-renders with the new offset. Before, each
 * component read the offset once on mount, so a page left open after "+7 days" prefilled the old time,
 * and the header's demo clock fetched the same status again on its own.
 */
import { useCallback, useSyncExternalStore } from 'react';
import { api, demoNow, type DemoStatus } from './api.ts';

/** The browser's wall clock; only this module reads it. */
const wallClock = (): number => Date.now();

interface ServerClock {
  /** The last demo status read (null: none yet, or the server has no demo routes). */
  readonly status: DemoStatus | null;
  /** The server's "now" minus the browser's at the time the status was read. */
  readonly offset: number;
}

let current: ServerClock = { status: null, offset: 0 };
let started = false;
const listeners = new Set<() => void>();

/** Takes a demo status just read (the demo clock's answer, or a fresh read) as the server's clock. */
export function setDemoStatus(status: DemoStatus | null): void {
  const n = demoNow(status);
  current = { status, offset: n === null ? 0 : n - wallClock() };
  for (const l of listeners) l();
}

/**
 * The server's clock from the signed-in account (`GET /api/v1/auth/me` answers `now` to every role): an
 * account the demo status refuses (a patient) or a server without demo routes. Before, such a tab ran on the
 * browser's clock: in a demo moved a month on, the patient's own view prefilled a diary day a month back
 * and never said its refill date had passed.
 */
function fromAccount(): void {
  api.get<{ readonly now?: number }>('/api/v1/auth/me').then(
    (me) => {
      current = { status: null, offset: typeof me.now === 'number' ? me.now - wallClock() : 0 };
      for (const l of listeners) l();
    },
    () => setDemoStatus(null),
  );
}

/** Reads the demo status again; without it (another role, no demo routes) the account's answer says the time. */
function refresh(): void {
  api.get<DemoStatus>('/api/v1/demo/status').then(setDemoStatus, fromAccount);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    refresh();
    window.addEventListener('focus', refresh);
  }
  return () => listeners.delete(listener);
}

const snapshot = () => current;

/** The demo status shared by the tab (null without demo routes), kept up to date. */
export function useDemoStatus(): DemoStatus | null {
  return useSyncExternalStore(subscribe, snapshot).status;
}

/** A function giving the server's "now" (ms): the browser's clock plus the demo clock's offset. */
export function useServerNow(): () => number {
  const { offset } = useSyncExternalStore(subscribe, snapshot);
  return useCallback(() => wallClock() + offset, [offset]);
}

/**
 * The server's "now" read afresh (for a page that prefills from data it loads at the same time); the
 * status read is shared with the tab.
 */
export async function fetchServerNow(): Promise<number> {
  const s = await api.get<DemoStatus>('/api/v1/demo/status').catch(() => null);
  setDemoStatus(s);
  return demoNow(s) ?? wallClock();
}
