/**
 * Password hashes with scrypt from node:crypto (a memory-hard KDF; no dependency). Stored form:
 * `scrypt$<N>$<r>$<p>$<salt b64>$<key b64>`, so the cost can be raised later without breaking old hashes.
 * Verification compares the derived keys with `timingSafeEqual`, and an unknown account is checked
 * against a dummy hash so that "no such e-mail" and "wrong password" take the same time.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ItbError } from '../../therapy/codes.ts';

/** Default cost: N = 2^15, r = 8, p = 1 (OWASP Password Storage Cheat Sheet, scrypt minimum N=2^17 at
 * 8 MiB per hash is heavier than a shared 2-core clinic server needs; 2^15 ≈ 32 MiB·ops, ~60 ms here). */
export const DEFAULT_SCRYPT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-rule.ts';

export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh random salt. */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } {
  const [kind, n, r, p, salt, key] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (
    kind !== 'scrypt' ||
    salt === undefined ||
    key === undefined ||
    ![cost.N, cost.r, cost.p].every((v) => Number.isSafeInteger(v) && v > 0) ||
    cost.N > 2 ** 20
  ) {
    throw new ItbError('ITB_E_INTERNAL', 'a stored password hash is not in the scrypt format');
  }
  return { cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
}

/** A hash nobody's password matches, verified when the account does not exist (equal timing). */
let dummy: Promise<string> | undefined;

/**
 * True when `password` matches `stored`. `stored` undefined (no such account) still spends one
 * derivation, then returns false.
 */
export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const target = stored ?? (await (dummy ??= hashPassword(randomBytes(24).toString('base64'))));
  const { cost, salt, key } = parse(target);
  const candidate = await derive(password, salt, cost);
  return candidate.length === key.length && timingSafeEqual(candidate, key) && stored !== undefined;
}
