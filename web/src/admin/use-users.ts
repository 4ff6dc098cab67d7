/**
 * The accounts as the administration page reads them (`GET /api/v1/users`) and the four changes an admin
 * makes (`POST /api/v1/users/:userId/disable|enable|password|role`). The rules — sessions end on disable
 * and on a password reset, the last active admin is kept — are the server's; this hook reloads the list
 * after each change and keeps the server's words when it refuses.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, errorText, type Me } from '../api.ts';

export interface UserAccount {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Me['role'];
  readonly patientId: string | null;
  readonly createdAt: number;
  readonly disabledAt: number | null;
  readonly disabledBy: string | null;
}

export type UserChange =
  | { readonly kind: 'disable' | 'enable' }
  | { readonly kind: 'password'; readonly password: string }
  | { readonly kind: 'role'; readonly role: Me['role'] };

/** What a change did, in words for the admin. */
function doneText(user: UserAccount, c: UserChange): string {
  switch (c.kind) {
    case 'disable':
      return `${user.name} is disabled; their sessions have ended.`;
    case 'enable':
      return `${user.name} can sign in again.`;
    case 'password':
      return `${user.name}'s password is reset; their sessions have ended.`;
    case 'role':
      return `${user.name} is now ${c.role}.`;
  }
}

export function useUsers() {
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setUsers(await api.get<UserAccount[]>('/api/v1/users'));
    } catch (e) {
      setError(errorText(e));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const change = useCallback(
    async (user: UserAccount, c: UserChange) => {
      setError(null);
      setDone(null);
      const path = `/api/v1/users/${encodeURIComponent(user.id)}/${c.kind}`;
      const body =
        c.kind === 'password' ? { password: c.password } : c.kind === 'role' ? { role: c.role } : {};
      try {
        await api.post(path, body);
        setDone(doneText(user, c));
        await load();
      } catch (e) {
        setError(errorText(e));
      }
    },
    [load],
  );
  return { users, error, done, change };
}
