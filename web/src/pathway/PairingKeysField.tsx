/**
 * The new pump's pairing keys as the programmer shows them at pairing (docs/workflows.md "Pairing a new
 * pump"), typed or pasted as JSON. In the demo a button pairs a demo pump for the serial typed
 * (`POST /api/v1/demo/pairing`) and fills the keys in: recording the implant with them and an initial fill
 * starts that pump (docs/demo.md).
 */
import { useState } from 'react';
import { api, errorText } from '../api.ts';
import { useDemoStatus } from '../use-server-now.ts';

export function PairingKeysField(props: {
  readonly id: string;
  readonly serial: string;
  readonly value: string;
  readonly onChange: (json: string) => void;
}) {
  const demo = useDemoStatus() !== null;
  const [error, setError] = useState<string | null>(null);
  const pair = async () => {
    setError(null);
    try {
      const r = await api.post<{ linkKeys: unknown }>('/api/v1/demo/pairing', {
        serial: props.serial.trim(),
      });
      props.onChange(JSON.stringify(r.linkKeys));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <>
      <label htmlFor={props.id}>Pairing keys read from the new pump (JSON)</label>
      <textarea
        id={props.id}
        rows={3}
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {demo && (
        <p>
          <button type="button" disabled={props.serial.trim() === ''} onClick={() => void pair()}>
            Pair a demo pump with this serial
          </button>{' '}
          (demo only: the demo starts a virtual pump with these keys once the implant is recorded with its
          initial fill)
        </p>
      )}
      {error !== null && <p role="alert">{error}</p>}
    </>
  );
}

/** The keys typed, parsed; null (with the message to show) when they are not JSON. */
export function parseKeys(text: string): { keys: unknown } | null {
  try {
    return { keys: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

export const KEYS_NOT_JSON = 'the pairing keys must be the JSON the pump gave at pairing';
