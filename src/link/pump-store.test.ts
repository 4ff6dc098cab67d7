import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getProfile } from '../pump/profiles.ts';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import { atomicWriteFile, FilePumpStore } from './pump-store.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'itb-pump-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fallback = { profile: getProfile('peristaltic-20'), serial: 'TEST-1', now: T0 };

describe('pump store: A/B image (src/pump/nvm.ts) in an atomically written file', () => {
  it('writes atomically: the new content or the old, and no temporary file left behind', () => {
    const d = tmp();
    const path = join(d, 'x.bin');
    atomicWriteFile(path, Uint8Array.from([1, 2, 3]));
    atomicWriteFile(path, Uint8Array.from([4, 5]));
    expect([...readFileSync(path)]).toEqual([4, 5]);
    expect(readdirSync(d)).toEqual(['x.bin']);
  });

  it('boots blank, then returns exactly the state last saved', () => {
    const path = join(tmp(), 'pump.nvm');
    expect(new FilePumpStore(path).load(fallback)).toEqual({ state: undefined, outcome: 'blank' });
    const a = filledPump();
    const store = new FilePumpStore(path);
    store.save(a);
    store.save({ ...a, version: a.version + 1 });
    const back = new FilePumpStore(path).load(fallback);
    expect(back.outcome).toBe('image');
    expect(back.state).toEqual({ ...a, version: a.version + 1 });
  });

  it('falls back to the previous image when the newest page is damaged', () => {
    const path = join(tmp(), 'pump.nvm');
    const store = new FilePumpStore(path, 64 * 1024);
    const a = filledPump();
    store.save(a);
    store.save({ ...a, version: a.version + 1 }); // the second image goes to page 1
    const bytes = new Uint8Array(readFileSync(path));
    bytes[64 * 1024 + 100]! ^= 0x10;
    writeFileSync(path, bytes);
    expect(new FilePumpStore(path, 64 * 1024).load(fallback)).toEqual({ state: a, outcome: 'image' });
  });

  it('boots the memory-error safe state when nothing decodes (fail safe, never guess a dose)', () => {
    const path = join(tmp(), 'pump.nvm');
    new FilePumpStore(path, 64 * 1024).save(filledPump());
    const bytes = new Uint8Array(readFileSync(path));
    bytes[100]! ^= 0x01;
    writeFileSync(path, bytes);
    const r = new FilePumpStore(path, 64 * 1024).load(fallback);
    expect(r.outcome).toBe('memory-error');
    expect(r.state?.memory).toBe('critical-error');
    expect(r.state?.reservoir.contents).toBeNull();
  });
});
