/**
 * Encryption at rest for implant link keys (they let a programmer open an authenticated telemetry session
 * with the pump; a stolen database must not hand them out — CVE-2019-6538 class). AES-256-GCM from
 * node:crypto, a fresh 96-bit IV per value, and associated data that binds a ciphertext to its row, so a
 * ciphertext copied onto another implant does not open.
 *
 * The key comes from `ITB_SECRET_KEY` (64 hex digits or base64 of 32 bytes) or, when that is unset, from a
 * key file in the data directory, generated on first use with mode 0600.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ItbError } from '../therapy/codes.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';
/** Name of the generated key file inside the data directory. */
export const KEY_FILE_NAME = 'itb-secret.key';

/** A loaded key with a short public fingerprint stored beside each ciphertext (a wrong key is named). */
export interface SecretKey {
  readonly key: Buffer;
  readonly id: string;
  /** Where it came from, for messages (never the key itself). */
  readonly source: string;
}

/** Wraps 32 raw bytes as a key. */
export function secretKeyFrom(key: Uint8Array, source: string): SecretKey {
  if (key.length !== KEY_BYTES) {
    throw new ItbError(
      'ITB_E_CLINIC_KEY',
      `${source}: the key must be ${KEY_BYTES} bytes, got ${key.length}`,
    );
  }
  const buf = Buffer.from(key);
  const id = createHash('sha256').update('itb-key-id').update(buf).digest('hex').slice(0, 16);
  return { key: buf, id, source };
}

/** Parses `ITB_SECRET_KEY`: 64 hex digits, or base64 of 32 bytes. */
export function parseSecretKey(text: string, source = 'ITB_SECRET_KEY'): SecretKey {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return secretKeyFrom(Buffer.from(t, 'hex'), source);
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return secretKeyFrom(Buffer.from(t, 'base64'), source);
  throw new ItbError('ITB_E_CLINIC_KEY', `${source}: expected 64 hex digits or base64 of 32 bytes`);
}

/**
 * The key from `env.ITB_SECRET_KEY`, else from `<dataDir>/itb-secret.key` (created 0600 when absent). A key
 * file that group or others may read is refused: it would put every pump's link keys one `cat` away.
 */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretKey {
  const fromEnv = env['ITB_SECRET_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') return parseSecretKey(fromEnv);
  const path = join(dataDir, KEY_FILE_NAME);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx' fails if the file exists, so two processes starting at once never overwrite each other's key.
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(KEY_BYTES).toString('hex') + '\n');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ItbError('ITB_E_CLINIC_KEY', `cannot create ${path}: ${(error as Error).message}`);
    }
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new ItbError('ITB_E_CLINIC_KEY', `${path} is readable by other users; chmod 600 it`);
  }
  return parseSecretKey(readFileSync(path, 'utf8'), path);
}

/** Encrypts `plaintext`; `aad` names what the value belongs to (e.g. the implant id). */
export function seal(key: SecretKey, plaintext: string, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [FORMAT, key.id, iv.toString('base64'), tag.toString('base64'), body.toString('base64')].join(':');
}

/** Decrypts what {@link seal} produced with the same key and `aad`; throws ITB_E_CLINIC_DECRYPT otherwise. */
export function open(key: SecretKey, sealed: string, aad: string): string {
  const parts = sealed.split(':');
  const [format, keyId, iv64, tag64, body64] = parts;
  if (
    parts.length !== 5 ||
    format !== FORMAT ||
    iv64 === undefined ||
    tag64 === undefined ||
    body64 === undefined
  ) {
    throw new ItbError('ITB_E_CLINIC_DECRYPT', 'the stored ciphertext is not in a known format');
  }
  if (keyId !== key.id) {
    throw new ItbError(
      'ITB_E_CLINIC_DECRYPT',
      `the value was sealed with key ${keyId}, but ${key.source} holds key ${key.id}`,
      { sealedWith: keyId, current: key.id },
    );
  }
  const iv = Buffer.from(iv64, 'base64');
  const tag = Buffer.from(tag64, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new ItbError('ITB_E_CLINIC_DECRYPT', 'the stored ciphertext has a malformed IV or tag');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(body64, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new ItbError(
      'ITB_E_CLINIC_DECRYPT',
      'the stored ciphertext failed authentication (altered or moved)',
    );
  }
}
