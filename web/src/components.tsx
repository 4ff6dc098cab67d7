/** Small shared pieces: verdict badge, reason list, links that route in the page, loading/error text. */
import type { MouseEvent, ReactNode } from 'react';
import type { Reason, Verdict } from './api.ts';
import { clinicianText, distinctReasons, reasonText, type ReasonContext } from './reason-text.ts';
import { navigate } from './router.ts';

const VERDICT_TEXT: Record<Verdict, string> = { ok: 'OK', warn: 'Warning', block: 'Blocked' };

/** The verdict in words and colour (never colour alone: the word is always there). */
export function VerdictBadge({ verdict, label }: { readonly verdict: Verdict; readonly label?: string }) {
  return <span className={`badge badge-${verdict}`}>{label ?? VERDICT_TEXT[verdict]}</span>;
}

/**
 * Reasons in clinician words (reason-text.ts): each once, the sources on their own muted line; `only`
 * narrows to the severities a screen has not already said (one verdict per screen).
 */
export function Reasons({
  reasons,
  title,
  context,
}: {
  readonly reasons: readonly Reason[];
  readonly title?: string;
  readonly context?: ReasonContext;
}) {
  const shown = distinctReasons(reasons);
  if (shown.length === 0) return null;
  return (
    <ul className="reasons" aria-label={title ?? 'Reasons'}>
      {shown.map((r, i) => {
        const t = reasonText(r, context);
        return (
          <li key={`${r.code}-${i}`} className={`reason reason-${r.severity}`}>
            <VerdictBadge verdict={r.severity} /> {t.text}
            {t.sources.length > 0 && <span className="source">Source: {t.sources.join('; ')}</span>}{' '}
            <code className="code">{r.code}</code>
          </li>
        );
      })}
    </ul>
  );
}

export function Link({
  to,
  children,
  className,
}: {
  readonly to: string;
  readonly children: ReactNode;
  readonly className?: string;
}) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className}>
      {children}
    </a>
  );
}

export function ErrorNote({ error }: { readonly error: string | null }) {
  if (error === null) return null;
  return (
    <p role="alert" className="error">
      {clinicianText(error).text}
    </p>
  );
}

export const Loading = ({ what }: { readonly what: string }) => <p aria-busy="true">Loading {what}…</p>;
