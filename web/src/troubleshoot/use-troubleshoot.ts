/**
 * The troubleshooting page's data: the patient, the implant's pump model, the latest interrogation and
 * refill (to pre-fill the findings), the patient's recorded episodes, and the writes — open an episode,
 * record a step's result, close it. Each write answers with the episode and the guide's plan as it now
 * stands (routes/troubleshooting-routes.ts), so the page never ranks anything itself.
 */
import { fetchServerNow } from '../use-server-now.ts';
import { useCallback, useState } from 'react';
import type { Episode } from '../../../src/clinic/troubleshooting/episode-records.ts';
import type { CauseId, DiagnosticStep, StepId } from '../../../src/therapy/troubleshoot/causes.ts';
import { PROFILES } from '../../../src/pump/profiles.ts';
import {
  api,
  type Implant,
  type Patient,
  type PrescriptionRecord,
  type Refill,
  type Session,
} from '../api.ts';
import { prefillFindings, type DiaryNote, type Prefill } from './prefill.ts';
import { useLoadAndSend } from '../use-load-and-send.ts';
import { fetchPumpInUse } from '../pump-in-use.ts';
import { patientDrug } from '../../../src/clinic/patient-drug.ts';
import type { DrugId } from '../../../src/therapy/drug.ts';

/** One cause as the API ranks it. */
export interface RankedCause {
  readonly id: CauseId;
  readonly title: string;
  readonly danger: string;
  readonly score: number;
  readonly because: readonly string[];
  readonly remedies: readonly string[];
  readonly steps: readonly StepId[];
}
export interface EpisodeAnswer extends Episode {
  readonly plan: {
    readonly candidates: readonly RankedCause[];
    readonly nextSteps: readonly DiagnosticStep[];
  };
}

const NL_PER_ML = 1_000_000;

export function useTroubleshoot(patientId: string) {
  const P = `/api/v1/patients/${encodeURIComponent(patientId)}`;
  const [patient, setPatient] = useState<Patient | null>(null);
  const [drug, setDrug] = useState<DrugId | null>(null);
  const [removedAt, setRemovedAt] = useState<number | null>(null);
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [episodes, setEpisodes] = useState<readonly EpisodeAnswer[]>([]);

  const reload = useCallback(async () => {
    const [p, pump, sessions, refills, eps, diary, now, current] = await Promise.all([
      api.get<Patient>(P),
      fetchPumpInUse<Implant>(P),
      api.get<Session[]>(`${P}/sessions`),
      api.get<Refill[]>(`${P}/refills`),
      api.get<EpisodeAnswer[]>(`${P}/troubleshooting`),
      api.get<DiaryNote[]>(`${P}/diary`),
      // The window of diary days and "since" times run on the server's (demo) clock.
      fetchServerNow(),
      api.get<{ current: PrescriptionRecord | null }>(`${P}/prescriptions/current`),
    ]);
    const profile = PROFILES.find((x) => x.id === pump.implant?.deviceProfileId);
    const reservoirMl = profile === undefined ? null : profile.reservoir.value / NL_PER_ML;
    setPatient(p);
    setRemovedAt(pump.removedAt);
    setDrug(patientDrug(current.current, pump.implants)?.drug ?? null);
    // Only the pump in place's readings describe it: none when it was removed, not a replaced pump's.
    const ofPump = (r: { readonly implantId: string }) => r.implantId === pump.implant?.id;
    setPrefill(
      prefillFindings({
        sessions: sessions.filter(ofPump),
        refills: refills.filter(ofPump),
        diary,
        reservoirMl,
        now,
      }),
    );
    setEpisodes(eps);
  }, [P]);

  const { error, busy, send } = useLoadAndSend(`${P}/troubleshooting`, reload);

  return {
    patient,
    /** The drug in the pump (clinic/patient-drug.ts): a pain drug's loss of effect is more pain, not spasticity. */
    drug,
    /** When the last pump was removed, when none is in place after one was (pump-in-use.ts). */
    removedAt,
    prefill,
    episodes,
    /** The episode still open, if any (the newest first). */
    current: episodes.find((e) => e.closed === null) ?? null,
    error,
    busy,
    open: (symptom: string, findings: Record<string, unknown>) => send('', { symptom, findings }),
    step: (episodeId: string, body: { step: StepId; result: string; findings: Record<string, unknown> }) =>
      send(`/${encodeURIComponent(episodeId)}/steps`, body),
    close: (episodeId: string, body: { cause: CauseId; remedy: string; outcome: string; note: string }) =>
      send(`/${encodeURIComponent(episodeId)}/close`, body),
  };
}
