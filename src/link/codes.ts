/**
 * Codes of the telemetry link (docs/protocol.md §9): why a frame, handshake or command was refused, and the
 * reasons the pump writes to its event log about link sessions. Codes travel on the wire as ASCII (see
 * protocol.md §7), so a code here is also a wire value: never rename one.
 */
import { defineCodes } from '../therapy/codes.ts';

export const LINK_CODES = defineCodes({
  // Frame decoding: cheap checks, in the order the decoder applies them.
  ITB_E_LINK_TRUNCATED: {
    kind: 'error',
    summary: 'A frame is shorter than its header and CRC, or shorter than its declared length.',
  },
  ITB_E_LINK_MAGIC: { kind: 'error', summary: 'A frame does not start with the link magic "IT".' },
  ITB_E_LINK_LENGTH: {
    kind: 'error',
    summary: 'A frame’s declared length is above the protocol maximum or does not match its size.',
  },
  ITB_E_LINK_CRC: { kind: 'error', summary: 'A frame’s CRC-32 does not match: noise or tampering.' },
  ITB_E_LINK_VERSION: {
    kind: 'error',
    summary: 'A frame carries a protocol version this side does not speak.',
  },
  ITB_E_LINK_FRAME_TYPE: { kind: 'error', summary: 'A frame type is unknown to this protocol version.' },
  ITB_E_LINK_FLAGS: {
    kind: 'error',
    summary: 'A frame’s flags or reserved byte are invalid, or its direction does not fit its type.',
  },
  ITB_E_LINK_PAYLOAD: {
    kind: 'error',
    summary: 'A handshake or error payload does not have the size or layout its frame type requires.',
  },
  // Authentication and sessions.
  ITB_E_LINK_AUTH: {
    kind: 'error',
    summary: 'A frame failed authenticated decryption (wrong key, forged or altered): it was ignored.',
  },
  ITB_E_LINK_REPLAY: {
    kind: 'error',
    summary: 'A frame’s counter is not above the last accepted one (replayed or reordered): it was ignored.',
  },
  ITB_E_LINK_NO_SESSION: {
    kind: 'error',
    summary: 'A session frame arrived while no authenticated session exists.',
  },
  ITB_E_LINK_UNKNOWN_KEY: {
    kind: 'error',
    summary: 'A handshake names a key that was not paired with this pump at implant.',
  },
  ITB_E_LINK_NOT_THIS_PUMP: {
    kind: 'error',
    summary:
      'A handshake is addressed to another pump: the programmer holds keys paired with a different pump.',
  },
  ITB_E_LINK_KEYS_NOT_THIS_PUMP: {
    kind: 'error',
    summary:
      'These keys are not this pump’s: the pump answered that it is another pump, or that it was never paired with this key.',
  },
  ITB_E_LINK_WRONG_ROLE: {
    kind: 'error',
    summary: 'A handshake claims a role other than the one its key was paired for.',
  },
  ITB_E_LINK_BAD_KEY: {
    kind: 'error',
    summary: 'A public key is malformed or of low order; no shared secret can be derived from it.',
  },
  ITB_E_LINK_HANDSHAKE_FAILED: {
    kind: 'error',
    summary: 'Key confirmation failed: the peer did not prove it holds the session key.',
  },
  ITB_E_LINK_HANDSHAKE_STALE: {
    kind: 'error',
    summary: 'A handshake was not completed within the handshake timeout and was dropped.',
  },
  ITB_E_LINK_RATE_LIMITED: {
    kind: 'error',
    summary: 'A handshake came too soon after the previous one; no key agreement was attempted.',
  },
  ITB_E_LINK_BACKOFF: {
    kind: 'error',
    summary:
      'The pump is backing off after failed key agreements and starts no new one until the time given.',
  },
  ITB_E_LINK_BUSY: {
    kind: 'error',
    summary:
      'A clinician’s session or handshake is open: a patient controller’s handshake waits until it ends, never ends it.',
  },
  ITB_E_LINK_SESSION_EXPIRED: {
    kind: 'error',
    summary: 'The session passed its idle or maximum duration and was closed.',
  },
  ITB_E_LINK_COUNTER_EXHAUSTED: {
    kind: 'error',
    summary: 'A direction’s frame counter reached its maximum; the session must be renewed.',
  },
  ITB_E_LINK_STATE: {
    kind: 'error',
    summary: 'The operation does not fit the session’s phase (e.g. a command before the handshake ended).',
  },
  // Commands.
  ITB_E_LINK_UNKNOWN_COMMAND: {
    kind: 'error',
    summary: 'A command opcode is not in the typed command set (there is no raw memory access).',
  },
  ITB_E_LINK_MALFORMED_COMMAND: {
    kind: 'error',
    summary: 'A command or response body does not match its opcode’s layout or size limits.',
  },
  ITB_E_LINK_ROLE_FORBIDDEN: {
    kind: 'error',
    summary: 'The session’s role may not issue this command (patient controllers are read-mostly).',
  },
  ITB_E_LINK_NOT_STORED: {
    kind: 'error',
    summary:
      'The pump could not write the change to its memory, so it did not apply it: the pump keeps the prescription it had.',
  },
  // Shell: transports and keys.
  ITB_E_LINK_TRANSPORT: { kind: 'error', summary: 'The transport closed or failed.' },
  ITB_E_LINK_TIMEOUT: { kind: 'error', summary: 'No answer arrived within the timeout.' },
  ITB_E_LINK_KEYS: { kind: 'error', summary: 'A keys file is malformed or inconsistent.' },
  // Event-log reasons (docs/clinical-reference.md §5: every session and every refused frame is logged).
  ITB_R_LINK_SESSION_OPENED: { kind: 'reason', summary: 'An authenticated session was opened.' },
  ITB_R_LINK_SESSION_CLOSED: {
    kind: 'reason',
    summary: 'A session was closed (by the peer, on timeout or superseded).',
  },
  ITB_R_LINK_HANDSHAKE_STARTED: {
    kind: 'reason',
    summary: 'A paired key started a handshake; the pump sent its ephemeral key.',
  },
  ITB_R_LINK_DUPLICATE_HELLO: {
    kind: 'reason',
    summary: 'A copy of the pending handshake’s first message was ignored (no new key agreement).',
  },
  ITB_R_LINK_BACKOFF_STARTED: {
    kind: 'reason',
    summary:
      'Failed key agreements made the pump refuse new ones for a back-off period (battery-drain defence).',
  },
  ITB_R_LINK_WAKEUPS_IGNORED: {
    kind: 'reason',
    summary:
      'Summary of the frames dropped unread while the receiver budget was spent (battery-drain defence).',
  },
  ITB_R_LINK_REASON_UNREPRESENTABLE: {
    kind: 'reason',
    summary: 'Stands in for a pump reason whose code cannot travel on the wire (malformed or too long).',
  },
  ITB_R_LINK_ENTRIES_SUPPRESSED: {
    kind: 'reason',
    summary:
      'Summary of link log entries not written while the link’s log budget was spent (log flooding defence).',
  },
} as const);

export type LinkCode = keyof typeof LINK_CODES;
