/**
 * Codes of recorded troubleshooting episodes (docs/troubleshooting.md "Recorded episodes"): why a step or a
 * closing was refused.
 */
import { defineCodes } from '../../therapy/codes.ts';

export const TROUBLE_CODES = defineCodes({
  ITB_E_TROUBLE_EPISODE_CLOSED: {
    kind: 'error',
    summary:
      'A step or a closing was recorded on a troubleshooting episode that is already closed: open a new episode.',
  },
  ITB_E_TROUBLE_REMEDY_MISMATCH: {
    kind: 'error',
    summary:
      'The remedy chosen to close a troubleshooting episode is not one of the remedies of the cause named as confirmed.',
  },
});
