/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"): a successful sign-in
 * gives the browser a cookie for that account, `itb_device_<account hash>` = `<nonce>.<mac>`, sent back only
 * to the login route. A login that presents a valid one for the account it names is throttled per cookie
 * (its nonce) instead of per address, pair and account (rate-limit.ts): a flood of failed logins through a
 * clinic's NAT, or someone guessing a clinician's password there, no longer refuses the clinician's right
 * password at a browser that has signed in to that account before.
 *
 * The MAC is an HMAC-SHA-256 of the account id and the nonce under a key derived from the account's stored
 * password hash, which never leaves the server: nobody without the store can forge a cookie, a cookie for one
 * account exempts nothing for another, and a password change or reset voids every cookie of the account.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a browser stays known after its last sign-in [A]. */
export const DEVICE_COOKIE_MAX_AGE_S = 180 * 24 * 60 * 60;
/** The only path the browser sends the cookie to. */
export const DEVICE_COOKIE_PATH = '/api/v1/auth/login';

const hex = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The cookie's name for an account: one per account, so a shared workstation keeps each user's. */
export const deviceCookieName = (email: string): string =>
  `itb_device_${hex(`itb-device\n${email}`).slice(0, 16)}`;

const macOf = (userId: string, passwordHash: string, nonce: string): Buffer =>
  createHmac('sha256', createHash('sha256').update(`itb-device-key\n${passwordHash}`).digest())
    .update(`${userId}\n${nonce}`)
    .digest();

/** A new cookie value for the account. */
export function issueDeviceCookie(userId: string, passwordHash: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${macOf(userId, passwordHash, nonce).toString('base64url')}`;
}

/**
 * The throttle key of a valid cookie for the account (`device:` and a hash of its nonce), or null when the
 * value is absent, malformed or not signed for this account and password.
 */
export function deviceKeyOf(
  value: string | undefined,
  account: { readonly userId: string; readonly passwordHash: string } | undefined,
): string | null {
  if (value === undefined || account === undefined) return null;
  const [nonce, mac, extra] = value.split('.');
  if (nonce === undefined || mac === undefined || extra !== undefined || !/^[\w-]{22}$/.test(nonce))
    return null;
  const given = Buffer.from(mac, 'base64url');
  const expected = macOf(account.userId, account.passwordHash, nonce);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? `device:${hex(nonce).slice(0, 32)}`
    : null;
}
