/**
 * The pump's non-volatile image: its state survives a reset in one of two flash pages (A/B). A write always
 * goes to the page holding the older (or no valid) image, so whatever byte a power loss interrupts, the
 * other page still holds the last complete image and the pump boots from it (FDA 2014 infusion-pump
 * hazard "corrupted dose history"; IEC 62304 class C). When neither page is valid the pump must not guess:
 * {@link bootPump} hands over to the controller's memory-error safe state.
 *
 * Generic over the payload: the controller encodes its state to bytes (state-codec.ts) and back.
 */
import { ItbError } from '../therapy/codes.ts';
import { PAGES, type Flash, type PageIndex } from './nvm-flash.ts';
import { OVERHEAD_BYTES, decodePage, encodeImage, isNewerGeneration, type PageStatus } from './nvm-image.ts';
import type { NvmCode } from './nvm-codes.ts';

/** What the other page held when an image was read. */
export type OtherPage = 'valid' | 'blank' | 'invalid';

export interface ImageFound {
  readonly ok: true;
  readonly payload: Uint8Array;
  readonly generation: number;
  readonly page: PageIndex;
  /**
   * 'invalid' means a write was torn or a page corrupted: the newest update may have been lost, which the
   * controller should record (it cannot tell which of the two happened).
   */
  readonly otherPage: OtherPage;
}

/** No usable image: 'blank' is a new pump; 'corrupt' is the critical memory error. */
export interface ImageMissing {
  readonly ok: false;
  readonly reason: 'blank' | 'corrupt';
  readonly code: Extract<NvmCode, 'ITB_E_NVM_BLANK' | 'ITB_E_NVM_CORRUPT'>;
  readonly pages: readonly [PageStatus, PageStatus];
}

export type ReadResult = ImageFound | ImageMissing;

/** The largest payload a flash of this page size can hold. */
export const maxPayloadBytes = (flash: Flash): number => flash.pageSize - OVERHEAD_BYTES;

/** Reads and classifies both pages. */
export function inspectPages(flash: Flash): readonly [PageStatus, PageStatus] {
  return [decodePage(flash.read(0, 0, flash.pageSize)), decodePage(flash.read(1, 0, flash.pageSize))];
}

interface ValidPage {
  readonly page: PageIndex;
  readonly generation: number;
  readonly payload: Uint8Array;
}

/** Valid pages, newest first (page 0 first on an equal generation, which A/B writing never produces). */
function validNewestFirst(pages: readonly [PageStatus, PageStatus]): ValidPage[] {
  const valid: ValidPage[] = [];
  for (const page of PAGES) {
    const s = pages[page];
    if (s.kind === 'valid') valid.push({ page, generation: s.generation, payload: s.payload });
  }
  const [a, b] = valid;
  return a && b && isNewerGeneration(b.generation, a.generation) ? [b, a] : valid;
}

function missing(pages: readonly [PageStatus, PageStatus]): ImageMissing {
  const blank = pages[0].kind === 'blank' && pages[1].kind === 'blank';
  return blank
    ? { ok: false, reason: 'blank', code: 'ITB_E_NVM_BLANK', pages }
    : { ok: false, reason: 'corrupt', code: 'ITB_E_NVM_CORRUPT', pages };
}

const other = (page: PageIndex): PageIndex => (page === 0 ? 1 : 0);

/** The newest valid image, or why there is none. */
export function readImage(flash: Flash): ReadResult {
  const pages = inspectPages(flash);
  const newest = validNewestFirst(pages)[0];
  if (!newest) return missing(pages);
  const o = pages[other(newest.page)].kind;
  return { ok: true, ...newest, otherPage: o };
}

/**
 * Stores `payload` as the next generation in the page that does not hold the newest valid image: erase,
 * then program. Throws ITB_E_NVM_PAYLOAD_TOO_LARGE (nothing written) if it cannot fit.
 */
export function writeImage(
  flash: Flash,
  payload: Uint8Array,
): { readonly page: PageIndex; readonly generation: number } {
  if (payload.length > maxPayloadBytes(flash)) {
    throw new ItbError(
      'ITB_E_NVM_PAYLOAD_TOO_LARGE',
      `state image of ${payload.length} bytes exceeds the ${maxPayloadBytes(flash)} a page holds`,
    );
  }
  const newest = validNewestFirst(inspectPages(flash))[0];
  const page: PageIndex = newest ? other(newest.page) : 0;
  const generation = newest ? (newest.generation + 1) >>> 0 : 1;
  flash.erase(page);
  flash.write(page, 0, encodeImage(payload, generation));
  return { page, generation };
}

/** Where a booted state came from. */
export interface BootInfo {
  readonly page: PageIndex;
  readonly generation: number;
  /** True when the newer valid page failed to decode and the older one was used. */
  readonly fellBack: boolean;
  /** The other page: as read, or 'undecodable' when its CRC was good but `decode` threw. */
  readonly otherPage: OtherPage | 'undecodable';
}

/**
 * Boots the controller: decodes the newest valid image; if `decode` throws on a page whose CRC is good (a
 * format the firmware no longer understands, an invariant broken), tries the other page; if nothing
 * decodes, returns `onFailure(...)` — the controller's memory-error safe state (fail safe, never guess a
 * dose). `onFailure` is told whether the flash was blank (a new pump) or corrupt.
 */
export function bootPump<S>(
  flash: Flash,
  decode: (payload: Uint8Array, info: BootInfo) => S,
  onFailure: (failure: ImageMissing) => S,
): S {
  const pages = inspectPages(flash);
  const candidates = validNewestFirst(pages);
  let newerUndecodable = false;
  for (const c of candidates) {
    const otherKind = pages[other(c.page)].kind;
    const info: BootInfo = {
      page: c.page,
      generation: c.generation,
      fellBack: newerUndecodable,
      otherPage: newerUndecodable ? 'undecodable' : otherKind,
    };
    try {
      return decode(c.payload, info);
    } catch {
      // A good CRC over an undecodable payload: treat this page as lost and try the older one.
      newerUndecodable = true;
    }
  }
  if (candidates.length > 0) {
    return onFailure({ ok: false, reason: 'corrupt', code: 'ITB_E_NVM_CORRUPT', pages });
  }
  return onFailure(missing(pages));
}
