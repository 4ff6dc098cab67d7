/**
 * The password rule, in one pure module the server (passwords.ts, every route that takes a new password)
 * and the web app's password page both read.
 */

/** Passwords shorter than this are refused when an account is created (NIST SP 800-63B: at least 8). */
export const MIN_PASSWORD_LENGTH = 10;
/** The longest password taken: a bound on the work one hash costs. */
export const MAX_PASSWORD_LENGTH = 1024;
