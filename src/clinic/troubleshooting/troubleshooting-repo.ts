/**
 * Storage of troubleshooting episodes (migration 0006_trouble_episodes): opening, steps and closing are
 * append-only entries, each audited in the transaction that writes it (event-rows.ts). A step or closing
 * reads the episode inside its own transaction — the audit head is locked by every write, so two clinicians
 * cannot both close one episode.
 */
import { ItbError } from '../../therapy/codes.ts';
import type { EventTable } from '../db-schema.ts';
import { foldedRecordIn, insertEvent, listEvents } from '../event-rows.ts';
import type { ActorContext } from '../records.ts';
import { parseInput, parseStored, type StoreCore, type Tx } from '../store-core.ts';
import {
  checkRemedy,
  closeInputSchema,
  entryBodySchema,
  foldEpisodes,
  openInputSchema,
  rankFindings,
  requireOpen,
  stepInputSchema,
  type CloseEpisodeInput,
  type Episode,
  type EpisodeEntry,
  type EpisodeStepInput,
  type OpenEpisodeInput,
} from './episode-records.ts';

const TABLE = 'troubleshooting_entries';
const ENTITY = 'troubleshooting-entry';

const entryFrom = (r: EventTable): EpisodeEntry => ({
  id: r.id,
  patientId: r.patient_id,
  at: r.at,
  createdAt: r.created_at,
  createdBy: r.created_by,
  body: parseStored(entryBodySchema, r.body, `troubleshooting entry ${r.id}`),
});

const episodeIn = (t: Tx, patientId: string, episodeId: string): Promise<Episode> =>
  foldedRecordIn(
    t,
    { table: TABLE, from: entryFrom, fold: foldEpisodes },
    patientId,
    episodeId,
    'no such troubleshooting episode for this patient',
  );

function notBeforeOpening(ep: Episode, at: number): void {
  if (at < ep.openedAt) {
    throw new ItbError(
      'ITB_E_CLINIC_TIME_OUT_OF_RANGE',
      'a troubleshooting step or closing cannot be dated before the episode was opened',
    );
  }
}

export class TroubleshootingRepo {
  constructor(private readonly core: StoreCore) {}

  /** Opens an episode: ranks the causes from the findings in hand and records both. */
  openEpisode(input: OpenEpisodeInput, ctx: ActorContext): Promise<Episode> {
    const { patientId, at, symptom, findings } = parseInput(
      openInputSchema,
      input,
      'troubleshooting episode',
    );
    const ranked = rankFindings(symptom, findings);
    return this.core.tx(ctx, async (t) => {
      const entry = await insertEvent(
        this.core,
        t,
        ctx,
        TABLE,
        ENTITY,
        { patientId, implantId: null, at },
        { kind: 'open', symptom, ...ranked },
        entryFrom,
      );
      return episodeIn(t, patientId, entry.id);
    });
  }

  /** Records a step's result; the findings it adds are merged and the causes ranked again. */
  recordEpisodeStep(input: EpisodeStepInput, ctx: ActorContext): Promise<Episode> {
    const { patientId, at, episodeId, step, result, findings } = parseInput(
      stepInputSchema,
      input,
      'troubleshooting step',
    );
    return this.core.tx(ctx, async (t) => {
      const ep = await episodeIn(t, patientId, episodeId);
      requireOpen(ep);
      notBeforeOpening(ep, at);
      // rankFindings sets the presentations from the episode's symptom; the rest is merged, newest wins.
      const ranked = rankFindings(ep.symptom, { ...ep.findings, ...findings });
      await insertEvent(
        this.core,
        t,
        ctx,
        TABLE,
        ENTITY,
        { patientId, implantId: null, at },
        { kind: 'step', episodeId, seq: ep.steps.length + 1, step, result, ...ranked },
        entryFrom,
      );
      return episodeIn(t, patientId, episodeId);
    });
  }

  /** Closes an episode with the cause found, one of its remedies and the outcome. */
  closeEpisode(input: CloseEpisodeInput, ctx: ActorContext): Promise<Episode> {
    const { patientId, at, episodeId, ...body } = parseInput(
      closeInputSchema,
      input,
      'troubleshooting closing',
    );
    return this.core.tx(ctx, async (t) => {
      const ep = await episodeIn(t, patientId, episodeId);
      requireOpen(ep);
      checkRemedy(body.cause, body.remedy, ep.findings.drug);
      notBeforeOpening(ep, at);
      await insertEvent(
        this.core,
        t,
        ctx,
        TABLE,
        ENTITY,
        { patientId, implantId: null, at },
        { kind: 'close', episodeId, seq: ep.steps.length + 1, ...body },
        entryFrom,
      );
      return episodeIn(t, patientId, episodeId);
    });
  }

  /** A patient's episodes, newest opening first (one audited `list`). */
  async listEpisodes(patientId: string, ctx: ActorContext): Promise<Episode[]> {
    return foldEpisodes(await listEvents(this.core, TABLE, ENTITY, patientId, ctx, entryFrom));
  }
}
