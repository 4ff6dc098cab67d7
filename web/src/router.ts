/**
 * A minimal history router: the path is the state; `navigate` pushes and notifies subscribers. A page with
 * unfinished work (a refill half done, a change not sent) registers a leave guard: in-app links, the
 * browser's Back and a reload or tab close then ask before the work is lost.
 */
import { useEffect, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());

/** The question to ask before leaving, or null when there is nothing to lose. */
let guard: (() => string | null) | null = null;
let shownPath = window.location.pathname;

/** True when the user agrees to leave (or nothing is at stake). */
function mayLeave(): boolean {
  const question = guard?.() ?? null;
  return question === null || window.confirm(question);
}

window.addEventListener('popstate', () => {
  if (window.location.pathname !== shownPath && !mayLeave()) {
    // Back was pressed: the history already moved, so put the page being worked on back in front.
    window.history.pushState(null, '', shownPath);
    return;
  }
  shownPath = window.location.pathname;
  notify();
});

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  if (!mayLeave()) return;
  window.history.pushState(null, '', path);
  shownPath = path;
  window.scrollTo(0, 0);
  notify();
}

export function usePath(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => window.location.pathname,
  );
}

/**
 * While `question` is not null, leaving the page asks it: in-app navigation and Back by `confirm`, a
 * reload or close by the browser's own `beforeunload` prompt (browsers show their own words there).
 */
export function useLeaveGuard(question: string | null): void {
  useEffect(() => {
    if (question === null) return;
    const ask = () => question;
    guard = ask;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      e.returnValue = question;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      if (guard === ask) guard = null;
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [question]);
}
