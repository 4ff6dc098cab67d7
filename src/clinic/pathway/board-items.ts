/**
 * The care pathway's input to the refill risk board, kept beside it rather than inside it
 * (risk-board.ts): per patient, the stage, the post-operative items due and the battery's ERI/EOS with the
 * replacement plan — derived by the same {@link derivePathway} as the pathway page, from the page's
 * records plus the pathway tables' rows of the same patients, read in the page's snapshot
 * (`ClinicStore.boardPage`, pathway-repo.ts `readPathwayBoardRecords`).
 */
import type { EpochMs } from '../../therapy/quantities.ts';
import type { BoardPatientRecords } from '../risk-board.ts';
import { isDueAt, pathwayDueItems, type PathwayDueItem } from './pathway-due.ts';
import { derivePathway, type PathwayRecords } from './pathway-view.ts';
import type { DueItem } from './postop-checks.ts';

/** The pathway tables' rows for one patient, as the board's bulk read returns them. */
export type PathwayTableRecords = Pick<
  PathwayRecords,
  'patientId' | 'evaluations' | 'trials' | 'checks' | 'explants'
>;

export interface PathwayBoardItem {
  readonly patientId: string;
  /** The patient's name: the item may be about a patient not on the board page shown. */
  readonly name: string;
  readonly stage: string;
  readonly postOpDue: readonly DueItem[];
  /**
   * Every pathway item due now, by the rule the board's count and its "Care pathway item due" filter read
   * (pathway-due.ts): an evaluation, a screening trial or a first programme due is listed too, not only the
   * post-operative checks and the replacement (the board once counted a referred patient and listed nothing).
   */
  readonly due: readonly PathwayDueItem[];
  readonly battery: {
    readonly eriAt: number;
    readonly eosAt: number;
    /** The pump reported ERI at its last interrogation (eriAt is then that interrogation's time). */
    readonly eriReported: boolean;
    readonly replacementDue: boolean;
    readonly surgeryBy: number;
    /** The projected EOS has passed with no reading since to move it: the pump may have stopped. */
    readonly eosPassed: boolean;
  } | null;
}

/**
 * The projected ERI and EOS a board row carries (`batteryProjection`): the item's own dates, so the board's
 * battery column and the pathway page read ONE projection; null for a row without a pump with a battery.
 */
export interface BoardBatteryProjection {
  readonly eriAt: number;
  readonly eosAt: number;
  readonly eriReported: boolean;
  /** The projected EOS has passed (the replacement plan's `eosPassed`): the pump may have stopped. */
  readonly eosPassed: boolean;
  readonly eriAtIso: string;
  readonly eosAtIso: string;
}

/** Each board patient's projected ERI and EOS, by patient id (absent: no pump with a battery). */
export function batteryProjections(
  items: readonly PathwayBoardItem[],
): ReadonlyMap<string, BoardBatteryProjection> {
  const out = new Map<string, BoardBatteryProjection>();
  for (const { patientId, battery: b } of items) {
    if (b === null) continue;
    out.set(patientId, {
      eriAt: b.eriAt,
      eosAt: b.eosAt,
      eriReported: b.eriReported,
      eosPassed: b.eosPassed,
      eriAtIso: new Date(b.eriAt).toISOString(),
      eosAtIso: new Date(b.eosAt).toISOString(),
    });
  }
  return out;
}

/** One patient's pathway records from the board's records and the pathway tables' rows (none: empty). */
export function pathwayRecordsOf(b: BoardPatientRecords, t: PathwayTableRecords | undefined): PathwayRecords {
  return {
    patientId: b.patient.id,
    evaluations: t?.evaluations ?? [],
    trials: t?.trials ?? [],
    checks: t?.checks ?? [],
    explants: t?.explants ?? [],
    implants: b.implants,
    prescription: b.current?.prescription ?? null,
    sessions: b.sessions,
  };
}

/** One item per board patient, in the board records' order. */
export function pathwayBoardItems(
  board: readonly BoardPatientRecords[],
  tables: readonly PathwayTableRecords[],
  now: EpochMs,
): PathwayBoardItem[] {
  const byPatient = new Map(tables.map((t) => [t.patientId, t]));
  return board.map((b) => {
    const t = byPatient.get(b.patient.id);
    const records = pathwayRecordsOf(b, t);
    const view = derivePathway(records, now);
    const battery = view.battery;
    return {
      patientId: b.patient.id,
      name: b.patient.name,
      stage: view.stage,
      postOpDue: view.postOpDue,
      due: pathwayDueItems({ ...records, registeredAt: b.patient.createdAt }, now, view).filter((i) =>
        isDueAt(i, now),
      ),
      battery:
        battery === null
          ? null
          : {
              eriAt: battery.eriAt,
              eosAt: battery.eosAt,
              eriReported: battery.eriReported,
              replacementDue: battery.plan.due,
              surgeryBy: battery.plan.surgeryBy,
              eosPassed: battery.plan.eosPassed,
            },
    };
  });
}
