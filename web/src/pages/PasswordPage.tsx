/**
 * Change my password (`POST /api/v1/auth/password`, docs/api.md "Signing in"): the current password, the
 * new one twice. Every other session of the account ends; this one stays signed in. Any account may use it.
 */
import { useState, type FormEvent } from 'react';
import { api, errorText } from '../api.ts';
import { MIN_PASSWORD_LENGTH as MIN_LENGTH } from '../../../src/server/auth/password-rule.ts';
import { ErrorNote } from '../components.tsx';

function PasswordField(p: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly set: (v: string) => void;
  readonly isNew?: boolean;
}) {
  return (
    <>
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        type="password"
        autoComplete={p.isNew === true ? 'new-password' : 'current-password'}
        required
        {...(p.isNew === true ? { minLength: MIN_LENGTH } : {})}
        value={p.value}
        onChange={(e) => p.set(e.target.value)}
      />
    </>
  );
}

export function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    if (next !== again) return setError('The new password and its repetition differ: nothing changed.');
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ sessionsEnded: number }>('/api/v1/auth/password', {
        currentPassword: current,
        newPassword: next,
      });
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(
        `Password changed. ${res.sessionsEnded === 1 ? '1 other session' : `${res.sessionsEnded} other sessions`} of this account ended; this one stays signed in.`,
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-title">
      <h1 id="password-title">Change my password</h1>
      <form onSubmit={(e) => void submit(e)}>
        <PasswordField id="current-password" label="Current password" value={current} set={setCurrent} />
        <PasswordField
          id="new-password"
          label={`New password (at least ${MIN_LENGTH} characters)`}
          value={next}
          set={setNext}
          isNew
        />
        <PasswordField
          id="new-password-again"
          label="New password again"
          value={again}
          set={setAgain}
          isNew
        />
        <ErrorNote error={error} />
        {done !== null && <p role="status">{done}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
