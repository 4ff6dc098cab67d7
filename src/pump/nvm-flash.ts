/**
 * The flash the pump keeps its state in: two pages of fixed size, erased to 0xFF, programmed byte by byte.
 * The interface is what nvm.ts needs and nothing more, so a file-backed flash (the shell's business) or a
 * real driver can stand in. {@link MemoryFlash} is the in-memory part used by the simulator and by tests;
 * it can lose power after any number of byte operations (a torn write) and flip single bits (retention
 * errors), the two ways a real pump's memory goes wrong.
 */
import { ItbError } from '../therapy/codes.ts';

/** The two pages of the A/B image. */
export type PageIndex = 0 | 1;
export const PAGES: readonly PageIndex[] = [0, 1];

/** The value every byte of an erased page reads as (NOR flash). */
export const ERASED = 0xff;

export interface Flash {
  /** Bytes per page; the same for both pages. */
  readonly pageSize: number;
  /** A copy of `length` bytes of `page` from `offset`. */
  read(page: PageIndex, offset: number, length: number): Uint8Array;
  /** Sets every byte of `page` to {@link ERASED}. */
  erase(page: PageIndex): void;
  /** Programs `bytes` into `page` at `offset`; only erased bytes can be programmed reliably. */
  write(page: PageIndex, offset: number, bytes: Uint8Array): void;
}

/** Thrown by {@link MemoryFlash} when its armed power loss strikes. */
export class PowerLossError extends ItbError {
  constructor(readonly bytesDone: number) {
    super('ITB_E_NVM_POWER_LOSS', `power lost after ${bytesDone} byte operations`);
  }
}

function checkRange(pageSize: number, offset: number, length: number): void {
  if (!Number.isInteger(offset) || offset < 0 || length < 0 || offset + length > pageSize) {
    throw new ItbError(
      'ITB_E_NVM_BAD_ACCESS',
      `flash access [${offset}, ${offset + length}) outside a page of ${pageSize} bytes`,
    );
  }
}

/**
 * Two pages in memory with NOR semantics: erase sets bytes to 0xFF, programming can only clear bits
 * (`old & new`), so writing over a page that was not erased garbles it — as on the real part.
 */
export class MemoryFlash implements Flash {
  private readonly pages: [Uint8Array, Uint8Array];
  /** Byte operations left before the armed power loss; undefined when none is armed. */
  private budget: number | undefined;
  private done = 0;

  constructor(
    readonly pageSize: number,
    initial?: readonly [Uint8Array, Uint8Array],
  ) {
    if (!Number.isSafeInteger(pageSize) || pageSize <= 0) {
      throw new ItbError('ITB_E_NVM_BAD_ACCESS', `page size must be a positive integer: ${pageSize}`);
    }
    const page = (i: PageIndex): Uint8Array => {
      const src = initial?.[i];
      if (src === undefined) return new Uint8Array(pageSize).fill(ERASED);
      if (src.length !== pageSize) throw new ItbError('ITB_E_NVM_BAD_ACCESS', 'initial page size');
      return src.slice();
    };
    this.pages = [page(0), page(1)];
  }

  /** An independent copy: the same bytes, no armed power loss. */
  clone(): MemoryFlash {
    return new MemoryFlash(this.pageSize, this.pages);
  }

  read(page: PageIndex, offset: number, length: number): Uint8Array {
    checkRange(this.pageSize, offset, length);
    return this.pages[page].slice(offset, offset + length);
  }

  erase(page: PageIndex): void {
    const bytes = this.pages[page];
    for (let i = 0; i < bytes.length; i++) {
      this.tick();
      bytes[i] = ERASED;
    }
  }

  write(page: PageIndex, offset: number, data: Uint8Array): void {
    checkRange(this.pageSize, offset, data.length);
    const bytes = this.pages[page];
    for (let i = 0; i < data.length; i++) {
      this.tick();
      bytes[offset + i] = (bytes[offset + i] ?? ERASED) & (data[i] ?? ERASED);
    }
  }

  /**
   * Arms a power loss: the next `afterBytes` byte operations (an erase counts one per byte of the page, a
   * write one per byte written) complete, then the operation in progress throws {@link PowerLossError}.
   */
  armPowerLoss(afterBytes: number): void {
    this.budget = afterBytes;
    this.done = 0;
  }

  /** Flips one bit in place, as a retention error or a cosmic-ray upset would. */
  flipBit(page: PageIndex, offset: number, bit: number): void {
    checkRange(this.pageSize, offset, 1);
    const bytes = this.pages[page];
    bytes[offset] = (bytes[offset] ?? 0) ^ (1 << (bit & 7));
  }

  private tick(): void {
    if (this.budget === undefined) return;
    if (this.done >= this.budget) {
      const done = this.done;
      this.budget = undefined;
      throw new PowerLossError(done);
    }
    this.done++;
  }
}
