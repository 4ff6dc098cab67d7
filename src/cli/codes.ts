/**
 * Codes of the `itb` command itself (not of a subcommand's domain): why a server command could not start.
 * Refusals of the domain keep their own codes (ITB_E_INVALID_INPUT, ITB_E_LINK_*, …).
 */
import { defineCodes } from '../therapy/codes.ts';

export const CLI_CODES = defineCodes({
  ITB_E_PORT_IN_USE: {
    kind: 'error',
    summary:
      'The TCP port a server command was asked to listen on is taken (or not permitted); nothing was written.',
  },
});
