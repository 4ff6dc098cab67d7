/**
 * The virtual pump's non-volatile memory on disk. The state is encoded by the controller's codec
 * (src/pump/state-codec.ts) into the A/B image of src/pump/nvm.ts — CRC-checked pages, newest generation
 * wins, a torn write leaves the previous image — and the two pages are written to one file atomically:
 * write a temporary file, fsync it, rename it over the old one, fsync the directory. A crash at any point
 * leaves either the old file or the new one, never a mixture. A file that holds no decodable image boots
 * the controller's memory-error safe state (fail safe, never guess a dose).
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { bootPump, writeImage } from '../pump/nvm.ts';
import { MemoryFlash } from '../pump/nvm-flash.ts';
import type { PumpProfile } from '../pump/profile.ts';
import { decodeState, encodeState, memoryErrorState } from '../pump/state-codec.ts';
import type { PumpState } from '../pump/state.ts';
import { epochMs } from '../therapy/quantities.ts';

/** Writes `bytes` to `path` atomically and durably (temp file + fsync + rename + directory fsync). */
export function atomicWriteFile(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** How a state was obtained at boot. */
export type BootOutcome = 'image' | 'blank' | 'memory-error';

export class FilePumpStore {
  private readonly flash: MemoryFlash;

  /** `pageSize` bounds the encoded state; 256 KiB holds a full event log with room to spare. */
  constructor(
    readonly path: string,
    readonly pageSize = 256 * 1024,
  ) {
    this.flash = existsSync(path) ? FilePumpStore.readPages(path, pageSize) : new MemoryFlash(pageSize);
  }

  private static readPages(path: string, pageSize: number): MemoryFlash {
    const raw = new Uint8Array(readFileSync(path));
    // A file of the wrong size is treated as erased-then-damaged pages: the CRCs will reject it.
    const page = (i: number) => {
      const p = new Uint8Array(pageSize).fill(0xff);
      p.set(raw.subarray(i * pageSize, Math.min(raw.length, (i + 1) * pageSize)));
      return p;
    };
    return new MemoryFlash(pageSize, [page(0), page(1)]);
  }

  /**
   * The stored state; `blank` (undefined state) for a pump never written; the memory-error safe state
   * (built for `profile`, `serial` at `now`) when the file holds no decodable image.
   */
  load(fallback: { readonly profile: PumpProfile; readonly serial: string; readonly now: number }): {
    readonly state: PumpState | undefined;
    readonly outcome: BootOutcome;
  } {
    return bootPump<{ state: PumpState | undefined; outcome: BootOutcome }>(
      this.flash,
      (payload) => ({ state: decodeState(payload), outcome: 'image' }),
      (failure) =>
        failure.reason === 'blank'
          ? { state: undefined, outcome: 'blank' }
          : {
              state: memoryErrorState(fallback.profile, fallback.serial, epochMs(fallback.now)),
              outcome: 'memory-error',
            },
    );
  }

  /** Stores the state as the next image generation and writes both pages to disk atomically. */
  save(state: PumpState): void {
    // Throws ITB_E_NVM_PAYLOAD_TOO_LARGE (nothing written) if the state outgrew the page.
    writeImage(this.flash, encodeState(state));
    const file = new Uint8Array(2 * this.pageSize);
    file.set(this.flash.read(0, 0, this.pageSize), 0);
    file.set(this.flash.read(1, 0, this.pageSize), this.pageSize);
    atomicWriteFile(this.path, file);
  }
}
