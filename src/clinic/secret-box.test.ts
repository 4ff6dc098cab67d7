/**
 * Link keys at rest: AES-256-GCM with row-binding associated data, and the key's provenance (ITB_SECRET_KEY
 * or a 0600 key file). Stolen pairing material would let anyone program the pump (CVE-2019-6538 class).
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE_NAME, loadSecretKey, open, parseSecretKey, seal } from './secret-box.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'itb-key-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const KEY = parseSecretKey('ab'.repeat(32));

describe('seal / open', () => {
  it('round-trips, with a fresh IV each time', () => {
    const a = seal(KEY, '{"k":"secret"}', 'implant-1');
    const b = seal(KEY, '{"k":"secret"}', 'implant-1');
    expect(a).not.toBe(b);
    expect(open(KEY, a, 'implant-1')).toBe('{"k":"secret"}');
    expect(a).not.toContain('secret');
  });

  it('refuses another row’s associated data, another key, and an altered ciphertext', () => {
    const s = seal(KEY, 'pairing material', 'implant-1');
    expect(() => open(KEY, s, 'implant-2')).toThrow(
      expect.objectContaining({ code: 'ITB_E_CLINIC_DECRYPT' }),
    );
    let wrongKey: unknown;
    try {
      open(parseSecretKey('cd'.repeat(32)), s, 'implant-1');
    } catch (error) {
      wrongKey = error;
    }
    expect(wrongKey).toMatchObject({ code: 'ITB_E_CLINIC_DECRYPT', details: { sealedWith: KEY.id } });
    const parts = s.split(':');
    const body = Buffer.from(parts[4] ?? '', 'base64');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString('base64');
    expect(() => open(KEY, parts.join(':'), 'implant-1')).toThrow(
      expect.objectContaining({ code: 'ITB_E_CLINIC_DECRYPT' }),
    );
    expect(() => open(KEY, 'garbage', 'implant-1')).toThrow(
      expect.objectContaining({ code: 'ITB_E_CLINIC_DECRYPT' }),
    );
  });
});

describe('key loading', () => {
  it('takes ITB_SECRET_KEY as hex or base64 and rejects anything else', () => {
    const raw = Buffer.alloc(32, 7);
    const fromHex = loadSecretKey(tempDir(), { ITB_SECRET_KEY: raw.toString('hex') });
    const fromB64 = loadSecretKey(tempDir(), { ITB_SECRET_KEY: raw.toString('base64') });
    expect(fromB64.id).toBe(fromHex.id);
    expect(() => loadSecretKey(tempDir(), { ITB_SECRET_KEY: 'short' })).toThrow(
      expect.objectContaining({ code: 'ITB_E_CLINIC_KEY' }),
    );
  });

  it('generates a 0600 key file once and reuses it', () => {
    const dir = join(tempDir(), 'data');
    const k1 = loadSecretKey(dir, {});
    const path = join(dir, KEY_FILE_NAME);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(loadSecretKey(dir, {}).id).toBe(k1.id);
  });

  it.skipIf(process.platform === 'win32')('refuses a key file other users can read', () => {
    const dir = tempDir();
    loadSecretKey(dir, {});
    chmodSync(join(dir, KEY_FILE_NAME), 0o644);
    expect(() => loadSecretKey(dir, {})).toThrow(expect.objectContaining({ code: 'ITB_E_CLINIC_KEY' }));
  });
});
