/**
 * Accounts (admin): every account with its role and whether it is in use; disable or enable, reset the
 * password, change a staff role. Each change says what it did (sessions ended) or the server's refusal
 * (the last administrator, one's own account, a patient account's role).
 */
import { useState } from 'react';
import type { Me } from '../api.ts';
import { ErrorNote, Loading } from '../components.tsx';
import { dateTime } from '../format.ts';
import { useUsers, type UserAccount, type UserChange } from './use-users.ts';

const STAFF_ROLES: readonly Me['role'][] = ['admin', 'physician', 'nurse', 'viewer'];

function UserRow({
  user,
  me,
  change,
}: {
  readonly user: UserAccount;
  readonly me: Me;
  readonly change: (u: UserAccount, c: UserChange) => Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const disabled = user.disabledAt !== null;
  const self = user.id === me.id;
  return (
    <tr>
      <th scope="row">
        {user.name}
        {self && ' (you)'}
        <br />
        <small>{user.email}</small>
      </th>
      <td>
        {user.role === 'patient' ? (
          'patient'
        ) : (
          <select
            aria-label={`Role of ${user.name}`}
            value={user.role}
            disabled={self}
            onChange={(e) => void change(user, { kind: 'role', role: e.target.value as Me['role'] })}
          >
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </td>
      <td>{disabled ? `Disabled ${dateTime(user.disabledAt)} by ${user.disabledBy ?? '?'}` : 'In use'}</td>
      <td>
        {disabled ? (
          <button type="button" onClick={() => void change(user, { kind: 'enable' })}>
            Enable {user.name}
          </button>
        ) : (
          <button type="button" disabled={self} onClick={() => void change(user, { kind: 'disable' })}>
            Disable {user.name}
          </button>
        )}
      </td>
      <td>
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            void change(user, { kind: 'password', password }).then(() => setPassword(''));
          }}
        >
          <label>
            New password for {user.name}
            <input
              type="password"
              autoComplete="new-password"
              minLength={10}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" disabled={password.length < 10}>
            Reset
          </button>
        </form>
      </td>
    </tr>
  );
}

export function UsersPage({ me }: { readonly me: Me }) {
  const { users, error, done, change } = useUsers();
  return (
    <>
      <h1>Accounts</h1>
      <p>
        Disabling an account or resetting its password ends its sessions at once. A role change applies to the
        account&apos;s next request. Accounts are never deleted: the audit trail keeps naming them.
      </p>
      <ErrorNote error={error} />
      {done !== null && <p role="status">{done}</p>}
      {users === null ? (
        error === null && <Loading what="the accounts" />
      ) : (
        <table>
          <caption>Accounts by name</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Access</th>
              <th scope="col">Password</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <UserRow key={u.id} user={u} me={me} change={change} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
