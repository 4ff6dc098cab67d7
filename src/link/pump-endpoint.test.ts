import { describe, expect, it } from 'vitest';
import { filledPump, T0 } from '../pump/test-fixtures.ts';
import type { PumpState } from '../pump/state.ts';
import { mcgPerDay, mcgToNg, millis } from '../therapy/quantities.ts';
import type { Command, CommandId } from './commands.ts';
import { initiatorStep, type InitiatorContext, type InitiatorState } from './initiator.ts';
import { endpointStep, type EndpointState } from './pump-endpoint.ts';
import { INITIAL_RESPONDER } from './responder-state.ts';
import type { Response } from './responses.ts';
import { countingBytes, fixture, TEST_KEYS } from './test-support.ts';

const fx = fixture();
const id = (n: number) => n.toString(16).padStart(32, '0') as CommandId;

/** A pump endpoint with an open session for `who`, driven frame by frame. */
function harness(who: InitiatorContext = fx.clinician, pump: PumpState = filledPump()) {
  let ep: EndpointState = { pump, link: INITIAL_RESPONDER, issuers: [] };
  let init: InitiatorState = { phase: 'idle' };
  let t: number = T0;
  const deliver = (frames: readonly Uint8Array[]) => {
    const responses: Response[] = [];
    for (const f of frames) {
      const r = endpointStep(fx.pump, ep, { kind: 'frame', bytes: f, entropy: TEST_KEYS.pumpEphemeral }, t);
      ep = r.state;
      for (const back of r.send) {
        const i = initiatorStep(who, init, { kind: 'frame', bytes: back }, t);
        init = i.state;
        for (const x of i.send) responses.push(...deliver([x]));
        responses.push(...i.responses);
      }
    }
    return responses;
  };
  const start = initiatorStep(who, init, { kind: 'start', entropy: countingBytes(0x21) }, t);
  init = start.state;
  deliver(start.send);
  return {
    get ep() {
      return ep;
    },
    advance(ms: number) {
      t += ms;
    },
    send(c: Command): Response {
      const s = initiatorStep(who, init, { kind: 'command', command: c }, t);
      init = s.state;
      const r = deliver(s.send);
      expect(r).toHaveLength(1);
      return r[0]!;
    },
    raw(bytes: Uint8Array) {
      const r = endpointStep(fx.pump, ep, { kind: 'frame', bytes, entropy: countingBytes(0) }, t);
      ep = r.state;
      return r;
    },
  };
}

const bolus = (n: number): Command => ({
  op: 'single-bolus',
  commandId: id(n),
  amount: mcgToNg(25),
  duration: millis(60_000),
});
const bolusesAccepted = (p: PumpState, cid: string) =>
  p.log.entries.filter((e) => e.type === 'command-accepted' && e.data?.commandId === cid).length;

describe('pump endpoint (protocol.md §6–§7 over the pump controller)', () => {
  it('charges an opened session to the battery and logs it (docs/clinical-reference.md §5: battery drain is visible)', () => {
    const h = harness();
    expect(h.ep.pump.log.entries.map((e) => e.type)).toContain('telemetry-session');
    expect(h.ep.pump.log.entries.map((e) => e.type)).toContain('ITB_R_LINK_SESSION_OPENED');
    expect(h.ep.pump.battery!.usedNj).toBeGreaterThan(filledPump().battery!.usedNj);
  });

  it('reports status from the controller’s state: 500 µg/day of 2000 µg/mL is 0.25 mL/day', () => {
    const h = harness();
    const r = h.send({ op: 'interrogate-status', commandId: id(1) });
    expect(r).toMatchObject({
      outcome: 'applied',
      body: {
        kind: 'status',
        status: {
          stateVersion: h.ep.pump.version,
          mode: 'simple-continuous',
          drug: 'baclofen',
          doseRate: mcgPerDay(500),
          flow: 250_000,
          alarms: [],
          suspended: false,
        },
      },
    });
  });

  it('programs only against the reviewed state version (compare-and-set)', () => {
    const h = harness();
    const v = h.ep.pump.version;
    const prescription = {
      mode: 'simple-continuous' as const,
      drug: { drug: 'baclofen' as const, concentration: 2_000_000 as never },
      dose: mcgPerDay(550),
    };
    const stale = h.send({
      op: 'program',
      commandId: id(2),
      expectedVersion: v - 1,
      prescription,
      patientBolus: undefined,
    });
    expect(stale).toMatchObject({ outcome: 'refused', error: 'ITB_E_PUMP_VERSION_CONFLICT' });
    expect(stale.outcome === 'refused' && stale.reasons[0]).toMatchObject({
      code: 'ITB_R_PUMP_VERSION_CONFLICT',
      limit: v,
    });
    const ok = h.send({
      op: 'program',
      commandId: id(3),
      expectedVersion: v,
      prescription,
      patientBolus: undefined,
    });
    expect(ok).toMatchObject({ outcome: 'applied', body: { kind: 'version', stateVersion: v + 1 } });
    expect(h.ep.pump.prescription).toEqual(prescription);
  });

  // Finding (issue 15): the simulator can build a pump without its hard dose limits; the link must not be
  // able to ask a pump for that build.
  it('pump hard limits cannot be switched off over the link: a program carrying a build field still meets the hard dose limit', () => {
    const h = harness();
    const v = h.ep.pump.version;
    const slip = {
      op: 'program',
      commandId: id(5),
      expectedVersion: v,
      prescription: {
        mode: 'simple-continuous' as const,
        drug: { drug: 'baclofen' as const, concentration: 2_000_000 as never },
        dose: mcgPerDay(4000),
      },
      patientBolus: undefined,
      build: { hardDoseLimits: false },
      hardDoseLimits: false,
      controlsOff: ['pump-hard-limits'],
    } as Command;
    const r = h.send(slip);
    expect(r).toMatchObject({ outcome: 'refused', error: 'ITB_E_INVALID_PRESCRIPTION' });
    expect(r.outcome === 'refused' && r.reasons.map((x) => x.code)).toContain('ITB_R_DOSE_ABOVE_HARD_LIMIT');
    expect(h.ep.pump.version).toBe(v);
  });

  it('applies a bolus id once: the same id again is a duplicate, and query-result finds it', () => {
    const h = harness();
    expect(h.send(bolus(4))).toMatchObject({ outcome: 'applied' });
    h.advance(1_000);
    expect(h.send(bolus(4))).toMatchObject({ outcome: 'duplicate' });
    expect(bolusesAccepted(h.ep.pump, id(4))).toBe(1);
    const q = h.send({ op: 'query-result', commandId: id(5), target: id(4) });
    expect(q).toMatchObject({ body: { kind: 'result', found: { op: 'single-bolus', commandId: id(4) } } });
    const none = h.send({ op: 'query-result', commandId: id(6), target: id(99) });
    expect(none).toMatchObject({ body: { kind: 'result', found: undefined } });
  });

  it('lets the patient ask for a bolus within the pump’s limits and learn only its own results', () => {
    const clinician = harness();
    clinician.send(bolus(7));
    const h = harness(fx.patient, clinician.ep.pump);
    const r = h.send({ op: 'patient-bolus', commandId: id(8) });
    // Baclofen: patient boluses are off by default (docs/clinical-reference.md §3) — the controller refuses with reasons.
    expect(r).toMatchObject({ outcome: 'refused' });
    expect(r.outcome === 'refused' && r.reasons.length).toBeGreaterThan(0);
    expect(h.send({ op: 'query-result', commandId: id(9), target: id(8) })).toMatchObject({
      body: { kind: 'result', found: { outcome: 'refused' } },
    });
    expect(h.send({ op: 'query-result', commandId: id(10), target: id(7) })).toMatchObject({
      outcome: 'refused',
      error: 'ITB_E_LINK_ROLE_FORBIDDEN',
    });
  });

  it('never steps the controller for a refused frame: therapy and clock stay as they were', () => {
    const h = harness();
    h.advance(60_000);
    const before = h.ep.pump;
    const r = h.raw(Uint8Array.from([0x49, 0x54, 1, 2, 3]));
    expect(r.outputs).toEqual({ segments: [], alarms: [], log: [] });
    expect({ ...r.state.pump, log: before.log }).toEqual(before);
    expect(r.state.pump.log.entries.at(-1)).toMatchObject({ type: 'ITB_E_LINK_TRUNCATED' });
  });

  it('answers the log page by page within the frame limit', () => {
    const h = harness();
    const page = (fromSeq: number, n: number) => {
      const r = h.send({ op: 'interrogate-log', commandId: id(100 + fromSeq), fromSeq, max: n });
      if (r.outcome !== 'applied' || r.body.kind !== 'log') throw new Error('log expected');
      return r.body;
    };
    const first = page(0, 3);
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(first.nextSeq).toBe(4);
    const rest = page(first.nextSeq, 8);
    const all = [...first.entries, ...rest.entries];
    expect(all.map((e) => e.seq)).toEqual(
      h.ep.pump.log.entries.filter((e) => e.seq < rest.nextSeq).map((e) => e.seq),
    );
    expect(all.map((e) => e.type)).toContain('telemetry-session');
  });
});
