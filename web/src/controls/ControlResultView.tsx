/**
 * The pump's read-back after a control (stop, resume, bolus) in words, and the alerts it raised. An
 * uncertain status is never shown as done: the clinician is told to interrogate (docs/workflows.md).
 */
import type { ControlResult } from './use-stop-resume.ts';

const STATUS_TEXT: Record<string, string> = {
  verified: 'Done: the pump reads back the change.',
  refused: 'The pump refused: nothing changed.',
  'not-applied': 'The pump did not apply it: nothing changed.',
};

export function ControlResultView({ result }: { readonly result: ControlResult }) {
  return (
    <section aria-label="Result" role="status">
      <p>
        {STATUS_TEXT[result.status] ?? `The pump's state is not certain (${result.status}): interrogate it.`}
      </p>
      {result.alerts.map((a, i) => (
        <p key={i}>Alert raised: {a.message}</p>
      ))}
    </section>
  );
}
