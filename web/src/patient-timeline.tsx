/**
 * The patient's timeline: programming sessions that changed something (an interrogation that changed
 * nothing is not an event: it would bury the changes), alarm tests as alarm tests (heard or not — a
 * patient who cannot hear the alarm relies on the clinic's dates), refills with their verdict and report,
 * trials, complications, troubleshooting episodes, and each pump put in or taken out (its implant with its
 * fill, its explant with why and what replaced it) — newest first, each change in words and clinician units.
 * Before, a replacement was in no line of the timeline: the new pump's first programme read as a dose
 * change of the old one.
 */
import type { ReactNode } from 'react';
import type { Explant } from '../../src/clinic/pathway/explant-records.ts';
import type { Complication, Implant, Refill, Session, Trial } from './api.ts';
import { changeText, sessionDrug } from '../../src/programmer/change-text.ts';
import { VerdictBadge } from './components.tsx';
import { refillReportHref } from './FinishPanel.tsx';
import { concentrationText } from '../../src/therapy/drug-display.ts';
import { mcg, mL } from './format.ts';
import { PROFILES } from '../../src/pump/profiles.ts';

export interface TimelineSource {
  readonly patientId: string;
  readonly sessions: readonly Session[];
  readonly refills: readonly Refill[];
  readonly trials: readonly Trial[];
  readonly complications: readonly Complication[];
  /** Troubleshooting episodes (routes/troubleshooting-routes.ts); absent for accounts that cannot read them. */
  readonly episodes?: readonly TimelineEpisode[];
  /** The pumps put in, and those taken out (absent: not shown). */
  readonly implants?: readonly Implant[];
  readonly explants?: readonly Explant[];
}

/** A pump as a person names it: its serial. */
const pumpName = (implants: readonly Implant[], id: string | null): string =>
  implants.find((i) => i.id === id)?.pumpSerial ?? 'another pump';

function pumpEvents(implants: readonly Implant[], explants: readonly Explant[]): TimelineEvent[] {
  return [
    ...implants.map((i) => ({
      at: i.initialFill?.at ?? Date.parse(`${i.implantDate}T00:00:00Z`),
      ...(i.createdBy === undefined ? {} : { by: i.createdBy }),
      kind: 'Pump implanted',
      text:
        `serial ${i.pumpSerial} (${PROFILES.find((p) => p.id === i.deviceProfileId)?.name ?? i.deviceProfileId}), ${i.pocketSide} side; catheter ${i.catheter.model}, tip at ${i.catheter.tipLevel}` +
        (i.initialFill === null || i.initialFill === undefined
          ? '; its fill not recorded'
          : `; filled with ${mL(i.initialFill.volumeNl)} of ${i.initialFill.drug} ${concentrationText(i.initialFill.concentrationNgPerMl, i.initialFill.drug)}`),
    })),
    ...explants.map((x) => ({
      at: x.at,
      by: x.createdBy,
      kind: 'Pump removed',
      text:
        `serial ${pumpName(implants, x.implantId)} — ${x.reason.replaceAll('-', ' ')}; catheter ${x.catheter}; ` +
        (x.replacementImplantId === null
          ? 'not replaced: no pump in place'
          : `replaced by ${pumpName(implants, x.replacementImplantId)}`),
    })),
  ];
}

/** The part of a recorded troubleshooting episode the timeline shows. */
export interface TimelineEpisode {
  readonly openedAt: number;
  readonly openedBy?: string;
  readonly symptom: string;
  readonly steps: readonly unknown[];
  readonly closed: {
    readonly at: number;
    readonly cause: string;
    readonly remedy: string;
    readonly outcome: string;
    readonly by?: string;
  } | null;
}

/** `by`: the actor who recorded it (`user:<id>`), shown by name. */
export type TimelineEvent = { at: number; kind: string; text: string; by?: string; extra?: ReactNode };

const isAlarmTest = (s: Session): boolean => s.interrogation['workflow'] === 'alarm-test';
const isRefill = (s: Session): boolean => s.interrogation['workflow'] === 'refill';
/** What a refill writes about the contents: its Refill row says it; the session adds only a programme change. */
const REFILL_CONTENTS = new Set(['reservoir', 'drug', 'concentration']);

export function timeline(d: TimelineSource): TimelineEvent[] {
  const ev: TimelineEvent[] = [
    ...d.sessions.filter(isAlarmTest).map((s) => ({
      at: s.at,
      by: s.createdBy,
      kind: 'Alarm test',
      text:
        s.interrogation['heard'] === true
          ? 'the patient heard or felt the alarm'
          : 'the patient could NOT hear or feel the alarm: do not rely on pump alarms',
    })),
    ...d.sessions
      .filter((s) => !isAlarmTest(s))
      .map((s) => ({ s, diff: s.diff.filter((x) => !(isRefill(s) && REFILL_CONTENTS.has(x.path))) }))
      .filter(({ diff }) => diff.length > 0)
      .map(({ s, diff }) => ({
        at: s.at,
        by: s.createdBy,
        kind: 'Programming session',
        // A change of mode replaces the whole programme: say that, not every field of both.
        text: (diff.some((x) => x.path === 'mode') ? diff.filter((x) => x.path === 'mode') : diff)
          .map((x) => changeText(x, sessionDrug(s.interrogation)))
          .join('; '),
      })),
    ...d.refills.map((r) => ({
      at: r.at,
      by: r.createdBy,
      kind: 'Refill',
      text: `${mL(r.volumeAddedNl)} of ${r.drug} ${concentrationText(r.concentrationNgPerMl, r.drug)}, lot ${r.lot}; residual ${mL(r.measuredResidualNl)} measured vs ${mL(r.expectedResidualNl)} expected`,
      extra: (
        <>
          {' '}
          <VerdictBadge verdict={r.reconciliation.verdict} />{' '}
          <a href={refillReportHref(r.id, d.patientId)}>Refill report (PDF)</a>
        </>
      ),
    })),
    ...d.trials.map((t) => ({
      at: t.at,
      by: t.createdBy,
      kind: 'Screening trial',
      text: `${mcg(t.doseNg)} by ${t.method}; ${t.responded === null ? 'response not recorded' : t.responded ? 'responded' : 'did not respond'}`,
    })),
    ...d.complications.map((c) => ({
      at: c.at,
      by: c.createdBy,
      kind: 'Complication',
      text: `${c.kind} (${c.severity}): ${c.description}`,
    })),
    ...(d.episodes ?? []).map((e) => ({
      at: e.closed?.at ?? e.openedAt,
      ...((e.closed?.by ?? e.openedBy) === undefined ? {} : { by: e.closed?.by ?? e.openedBy }),
      kind: 'Troubleshooting',
      text:
        `${e.symptom.replaceAll('-', ' ')}; ${e.steps.length} step(s) recorded; ` +
        (e.closed === null
          ? 'still open'
          : `${e.closed.cause.replaceAll('-', ' ')} — ${e.closed.remedy} — outcome ${e.closed.outcome}`),
    })),
    ...pumpEvents(d.implants ?? [], d.explants ?? []),
  ];
  return ev.sort((a, b) => b.at - a.at);
}
