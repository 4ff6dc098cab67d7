/**
 * The pump's read-back after a control (stop, resume, bolus) in words, and the alerts it raised. An
 * uncertain status is never shown as done: the clinician is told to interrogate (docs/workflows.md).
 */
import type { ReactNode } from 'react';
import type { ControlResult } from './use-stop-resume.ts';

const STATUS_TEXT: Record<string, string> = {
  verified: 'Done: the pump reads back the change.',
  refused: 'The pump refused: nothing changed.',
  'not-applied': 'The pump did not apply it: nothing changed.',
};

/** `children`: what the page adds to the status (e.g. the setting the pump read back). */
export function ControlResultView({
  result,
  children,
}: {
  readonly result: ControlResult;
  readonly children?: ReactNode;
}) {
  return (
    <section aria-label="Result" role="status">
      <p>
        {STATUS_TEXT[result.status] ?? `The pump's state is not certain (${result.status}): interrogate it.`}
      </p>
      {children}
      {result.alerts.map((a, i) => (
        <p key={i}>Alert raised: {a.message}</p>
      ))}
    </section>
  );
}
