/**
 * Pairing (docs/protocol.md §3.1): at implant the pump and its two initiators — the clinician's programmer
 * and the patient's controller — get static X25519 key pairs, and each side stores the other's public key.
 * Nothing secret ever crosses the air afterwards (CVE-2022-32537: pairing learned by eavesdropping).
 * `keys.json` files are validated with zod at the edge (docs/architecture.md principle 7); they hold private keys in
 * hex and must be stored readable by their owner only.
 */
import { z } from 'zod';
import { ItbError } from '../therapy/codes.ts';
import { keyIdOf, KEY_SIZE, type LinkCrypto } from './crypto.ts';
import type { Role } from './handshake.ts';
import { helloKeyOf } from './hello-auth.ts';
import { initiatorHelloKey, type InitiatorConfig } from './initiator.ts';
import { DEFAULT_LINK_LIMITS, type LinkLimits } from './limits.ts';
import type { Peer, ResponderConfig } from './responder-state.ts';
import { bytesEqual, fromHex, toHex } from './wire.ts';

const hexKey = z.string().regex(/^[0-9a-f]{64}$/, '32 bytes as 64 lowercase hex digits');
const role = z.enum(['clinician', 'patient']);
const label = z.string().min(1).max(80);

/** The pump's file: its own key pair and the public keys it was paired with. */
export const pumpKeysSchema = z.strictObject({
  format: z.literal('itb-link-keys'),
  version: z.literal(1),
  kind: z.literal('pump'),
  label,
  privateKey: hexKey,
  publicKey: hexKey,
  peers: z
    .array(z.strictObject({ role, label, publicKey: hexKey }))
    .min(1)
    .max(16),
});

/** A programmer's or patient controller's file: its key pair and the pump's public key. */
export const initiatorKeysSchema = z.strictObject({
  format: z.literal('itb-link-keys'),
  version: z.literal(1),
  kind: z.literal('initiator'),
  role,
  label,
  privateKey: hexKey,
  publicKey: hexKey,
  pump: z.strictObject({ label, publicKey: hexKey }),
});

export const keysFileSchema = z.discriminatedUnion('kind', [pumpKeysSchema, initiatorKeysSchema]);
export type PumpKeysFile = z.infer<typeof pumpKeysSchema>;
export type InitiatorKeysFile = z.infer<typeof initiatorKeysSchema>;
export type KeysFile = z.infer<typeof keysFileSchema>;

/** Validates parsed JSON as a keys file; throws ITB_E_LINK_KEYS with the first problem. */
export function parseKeysFile(json: unknown): KeysFile {
  const r = keysFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    throw new ItbError('ITB_E_LINK_KEYS', `keys file: ${where} ${issue?.message ?? 'invalid'}`.trim());
  }
  return r.data;
}

function checkPair(crypto: LinkCrypto, privateHex: string, publicHex: string, who: string): Uint8Array {
  const priv = fromHex(privateHex);
  if (!bytesEqual(crypto.x25519PublicKey(priv), fromHex(publicHex))) {
    throw new ItbError('ITB_E_LINK_KEYS', `${who}: the public key does not belong to the private key`);
  }
  return priv;
}

/** The pump's link configuration from its keys file (checks that the key pair is consistent). */
export function responderConfigFrom(
  crypto: LinkCrypto,
  file: PumpKeysFile,
  limits: LinkLimits = DEFAULT_LINK_LIMITS,
): ResponderConfig {
  const staticPrivate = checkPair(crypto, file.privateKey, file.publicKey, file.label);
  const staticPublic = fromHex(file.publicKey);
  const peers: Peer[] = file.peers.map((p) => {
    const publicKey = fromHex(p.publicKey);
    // Derived once here, so checking a HELLO costs the pump one AES-GCM pass and no X25519 (hello-auth.ts).
    const helloKey = helloKeyOf(crypto, staticPrivate, publicKey, staticPublic, publicKey);
    if (helloKey === undefined) {
      throw new ItbError('ITB_E_LINK_KEYS', `${p.label}: the public key is not a usable X25519 key`);
    }
    return { keyId: keyIdOf(crypto, publicKey), publicKey, role: p.role, label: p.label, helloKey };
  });
  const ids = new Set(peers.map((p) => toHex(p.keyId)));
  if (ids.size !== peers.length) throw new ItbError('ITB_E_LINK_KEYS', 'a peer key is listed twice');
  return { staticPrivate, staticPublic, keyId: keyIdOf(crypto, staticPublic), peers, limits };
}

/** An initiator's link configuration from its keys file. */
export function initiatorConfigFrom(
  crypto: LinkCrypto,
  file: InitiatorKeysFile,
  handshakeTimeoutMs = DEFAULT_LINK_LIMITS.handshakeTimeoutMs.value,
): InitiatorConfig {
  const staticPrivate = checkPair(crypto, file.privateKey, file.publicKey, file.label);
  const staticPublic = fromHex(file.publicKey);
  const pumpPublic = fromHex(file.pump.publicKey);
  return {
    role: file.role,
    staticPrivate,
    staticPublic,
    keyId: keyIdOf(crypto, staticPublic),
    pumpPublic,
    pumpKeyId: keyIdOf(crypto, pumpPublic),
    helloKey: initiatorHelloKey(crypto, staticPrivate, staticPublic, pumpPublic),
    handshakeTimeoutMs,
  };
}

/** The three files written at implant. */
export interface ImplantKeys {
  readonly pump: PumpKeysFile;
  readonly clinician: InitiatorKeysFile;
  readonly patient: InitiatorKeysFile;
}

/**
 * Pairs a pump with a clinician programmer and a patient controller. Pure: the three 32-byte private keys
 * come from the caller (the CLI draws them from the OS CSPRNG).
 */
export function provisionImplant(
  crypto: LinkCrypto,
  privateKeys: { readonly pump: Uint8Array; readonly clinician: Uint8Array; readonly patient: Uint8Array },
  labels: { readonly pump: string; readonly clinician: string; readonly patient: string },
): ImplantKeys {
  for (const k of Object.values(privateKeys)) {
    if (k.length !== KEY_SIZE) throw new ItbError('ITB_E_LINK_KEYS', 'private keys are 32 bytes');
  }
  const pub = (k: Uint8Array) => toHex(crypto.x25519PublicKey(k));
  const pump = { label: labels.pump, publicKey: pub(privateKeys.pump) };
  const initiator = (r: Role): InitiatorKeysFile => ({
    format: 'itb-link-keys',
    version: 1,
    kind: 'initiator',
    role: r,
    label: labels[r],
    privateKey: toHex(privateKeys[r]),
    publicKey: pub(privateKeys[r]),
    pump,
  });
  const clinician = initiator('clinician');
  const patient = initiator('patient');
  return {
    pump: {
      format: 'itb-link-keys',
      version: 1,
      kind: 'pump',
      label: labels.pump,
      privateKey: toHex(privateKeys.pump),
      publicKey: pump.publicKey,
      peers: [
        { role: 'clinician', label: labels.clinician, publicKey: clinician.publicKey },
        { role: 'patient', label: labels.patient, publicKey: patient.publicKey },
      ],
    },
    clinician,
    patient,
  };
}
