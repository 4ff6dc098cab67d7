/**
 * Where clients reach the server: the one base URL FHIR's `fullUrl`s and `Location` are written from. A
 * URL taken from a request's Host header is the caller's word: a Bundle fetched with `Host: evil.example`
 * named every resource `http://evil.example/fhir/…`, and a client or cache that followed or stored those
 * URLs sent the next request, with its token, there. A FHIR server states its base once (the
 * CapabilityStatement's `implementation.url`); so does itb (`ITB_PUBLIC_URL`, docs/api.md).
 */
import { ItbError } from '../therapy/codes.ts';

/** The environment variable naming the public base URL for `itb serve`. */
export const PUBLIC_URL_ENV = 'ITB_PUBLIC_URL';

/**
 * A configured public base URL, checked at start-up: absolute `http:` or `https:`, no user, query or
 * fragment; returned without a trailing slash. Anything else is a configuration error (ITB_E_INVALID_INPUT).
 */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ItbError('ITB_E_INVALID_INPUT', `${PUBLIC_URL_ENV} "${text}" is not an absolute URL`);
  }
  if (
    !['http:', 'https:'].includes(url.protocol) ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new ItbError(
      'ITB_E_INVALID_INPUT',
      `${PUBLIC_URL_ENV} "${text}" must be an http(s) URL without user, query or fragment`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** Host names that reach only this machine: a request to one cannot have come through another name. */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

/**
 * The base URL of a request when none is configured: its own only when its Host is a loopback name (a client
 * on this machine, the tests, the demo on localhost). Any other Host is refused (ITB_E_PUBLIC_URL_UNSET,
 * 421) before anything is read: set {@link PUBLIC_URL_ENV}.
 */
export function loopbackBaseUrl(request: { readonly protocol: string; readonly host: string }): string {
  if (LOOPBACK.test(request.host)) return `${request.protocol}://${request.host}`;
  throw new ItbError(
    'ITB_E_PUBLIC_URL_UNSET',
    `this server writes its own URLs only from its configured public URL (${PUBLIC_URL_ENV}), and none is set: ` +
      'a request to any host but localhost is refused rather than answered with URLs its Host header chose',
  );
}
