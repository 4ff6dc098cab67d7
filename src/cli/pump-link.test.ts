/**
 * `itb pump event-log` (and the other pump-link commands) through the real CLI entry point (main.ts: the
 * same registry, lazy loading and error reporting the binary uses) against an in-process pump on
 * loopback TCP speaking the real link.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventLogReport } from './pump-link.ts';
import { itb, livePump, stopAll } from './pump-link.test-support.ts';
import { clinicTimeZone } from '../clinic/time-zone.ts';
import { instantText } from '../therapy/date-text.ts';

afterEach(stopAll);

describe('itb pump event-log', () => {
  it('reads the whole retained log over the link, oldest first, as the pump holds it', async () => {
    const pump = await livePump();
    const held = pump.server.state.pump.log.entries;
    const r = await itb('pump', 'event-log', '--pump', pump.address, '--keys', pump.clinician, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as EventLogReport;
    expect(held.length).toBeGreaterThan(0);
    expect(report.entries.map((e) => e.seq)).toEqual(
      [...report.entries.map((e) => e.seq)].sort((a, b) => a - b),
    );
    // Every entry the pump held when the read began is in the report, with its time and type.
    for (const e of held) {
      const got = report.entries.find((x) => x.seq === e.seq);
      expect(got).toMatchObject({ at: e.at, type: e.type, atIso: new Date(e.at).toISOString() });
    }
  }, 30_000);

  it('prints one line per entry for a person, its time in the one date format (an event log read "2026-…T…Z", UTC ISO)', async () => {
    const pump = await livePump();
    const r = await itb('pump', 'event-log', '--pump', pump.address, '--keys', pump.clinician);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/retained event\(s\), next sequence \d+/);
    const first = pump.server.state.pump.log.entries[0]!;
    expect(r.stdout).toContain(`\n  #${first.seq} ${instantText(first.at, clinicTimeZone())} ${first.type}`);
    expect(r.stdout).not.toMatch(/\d{4}-\d\d-\d\d/);
  }, 30_000);

  it("a patient's keys are refused before anything is sent, with a clear code and nothing on stdout", async () => {
    const pump = await livePump();
    const before = pump.server.state.pump.log.nextSeq;
    const r = await itb('pump', 'event-log', '--pump', pump.address, '--keys', pump.patient, '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'ITB_E_INVALID_INPUT' } });
    expect(pump.server.state.pump.log.nextSeq).toBe(before);
  }, 30_000);

  it('a bad address is ITB_E_INVALID_INPUT, and a missing --keys is reported in the project vocabulary', async () => {
    const bad = await itb('pump', 'event-log', '--pump', 'nowhere', '--keys', 'x.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^ITB_E_INVALID_INPUT: --pump must be HOST:PORT/);
    const missing = await itb('pump', 'event-log', '--pump', '127.0.0.1:1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ITB_E_INVALID_INPUT: .*--keys/);
  });
});
