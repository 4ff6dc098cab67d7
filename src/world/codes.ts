/**
 * Codes of the physical world model (src/world). The world refuses impossible inputs — time running
 * backwards, negative volumes, fractions outside [0, 1] — rather than inventing a physics for them.
 */
import { defineCodes } from '../therapy/codes.ts';

export const WORLD_CODES = defineCodes({
  ITB_E_WORLD_TIME_REVERSED: {
    kind: 'error',
    summary: 'A delivery, refill or event is earlier than the world clock; the world only moves forward.',
  },
  ITB_E_WORLD_INVALID_SEGMENT: {
    kind: 'error',
    summary:
      'A delivery segment has a negative volume, ends before it starts, or has volume but no duration.',
  },
  ITB_E_WORLD_INVALID_CATHETER: {
    kind: 'error',
    summary: 'A catheter state or catheter volume is outside its domain (fractions must lie in [0, 1]).',
  },
  ITB_E_WORLD_INVALID_REFILL: {
    kind: 'error',
    summary: 'A refill has a negative volume or concentration, or a pocket-fill fraction outside [0, 1].',
  },
  ITB_E_WORLD_MIXED_DRUGS: {
    kind: 'error',
    summary: 'A refill without draining would mix a different drug into the residual; the model refuses.',
  },
  ITB_E_WORLD_INVALID_PARAMS: {
    kind: 'error',
    summary: 'A world parameter is outside its domain (negative spread, time constant or delay range).',
  },
} as const);

export type WorldCode = keyof typeof WORLD_CODES;
