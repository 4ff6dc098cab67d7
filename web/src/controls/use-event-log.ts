/**
 * The pump's event log (`POST P/pump/event-log`; docs/workflows.md "Pump event log"): read on demand,
 * because each read opens a link session with the pump.
 */
import { useState } from 'react';
import { api } from '../api.ts';
import { usePumpAction } from '../use-pump-action.ts';

export interface LogEntry {
  readonly seq: number;
  readonly at: number;
  readonly type: string;
  readonly message: string;
}

export function useEventLog(patientId: string) {
  const url = `/api/v1/patients/${encodeURIComponent(patientId)}/pump/event-log`;
  const action = usePumpAction("This server has no pump link: the pump's event log is not available.");
  const [entries, setEntries] = useState<readonly LogEntry[] | null>(null);
  const read = () =>
    action.run(async () => {
      const log = await api.post<{ entries: LogEntry[] }>(url);
      setEntries(log.entries);
    });
  return { ...action, entries, read };
}
