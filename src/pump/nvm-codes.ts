/**
 * Codes of the pump's non-volatile memory (nvm.ts, nvm-flash.ts). A corrupt image is the pump's *critical
 * memory error* (docs/clinical-reference.md §3, alarms); losing only the newest image is a candidate non-critical one — the
 * controller decides which alarm it raises.
 */
import { defineCodes } from '../therapy/codes.ts';

export const NVM_CODES = defineCodes({
  ITB_E_NVM_CORRUPT: {
    kind: 'error',
    summary:
      'Neither flash page holds a valid image (bad CRC, torn write or unknown format): critical memory error.',
  },
  ITB_E_NVM_BLANK: {
    kind: 'error',
    summary: 'Both flash pages are erased: a pump that has never stored its state.',
  },
  ITB_E_NVM_PAYLOAD_TOO_LARGE: {
    kind: 'error',
    summary: 'The state image does not fit in one flash page; nothing was written.',
  },
  ITB_E_NVM_BAD_ACCESS: {
    kind: 'error',
    summary: 'A flash read or write fell outside its page, or the page size cannot hold an image.',
  },
  ITB_E_NVM_POWER_LOSS: {
    kind: 'error',
    summary: 'Simulated power loss: a flash write stopped part-way (test flash only).',
  },
} as const);

export type NvmCode = keyof typeof NVM_CODES;
