/**
 * Programming sessions and refills: the events that carry a guardrail result. A warning that was
 * overridden needs a recorded justification (docs/architecture.md principle 4); a blocked change cannot have been
 * applied. Refills are reconciled here against the implant's device profile (docs/clinical-reference.md §3: a residual gap
 * > 1 mL in a 20 mL pump or > 2 mL in a 40 mL pump is potentially consequential [C: Maino 2017]).
 */
import { getProfile } from '../pump/profiles.ts';
import { ItbError } from '../therapy/codes.ts';
import { checkConcentration, getDrug } from '../therapy/drug-library.ts';
import type { Nanolitres } from '../therapy/quantities.ts';
import { formatVolume } from '../therapy/units.ts';
import { reconcileResidual } from '../therapy/reconcile.ts';
import { verdictOf } from '../therapy/verdict.ts';
import { initialFillSchema, reconcileFirstRefill } from './initial-fill.ts';
import { assertPrescribedContents } from './prescribed-contents.ts';
import {
  refillInputSchema,
  sessionInputSchema,
  type ProgrammingSession,
  type ProgrammingSessionInput,
  type Refill,
  type RefillInput,
} from './clinical-records.ts';
import { insertEvent, listEvents, refillFrom, sessionFrom } from './event-rows.ts';
import { requireImplant } from './people-repo.ts';
import { drugInReservoir } from './reservoir-drug.ts';
import type { ActorContext } from './records.ts';
import { headPrescription } from './prescription-chain.ts';
import { syncPumpConditions } from './pump-conditions.ts';
import { actionsOfSession, closeUndoneAlerts } from './alert-closing.ts';
import { parseInput, parseStored, type StoreCore, type Trx } from './store-core.ts';

/**
 * A refill's drug and concentration must be the ones the prescription in force names (defence in depth
 * behind the refill workflow's check against the pump, refill-plan.ts assertSyringeMatches).
 */
async function requireRefillMatchesPrescription(
  trx: Trx,
  patientId: string,
  drug: string,
  concentrationNgPerMl: number,
): Promise<void> {
  const head = await headPrescription(trx, patientId);
  if (head === null) return;
  assertPrescribedContents(
    head.prescription,
    { drug, concentrationNgPerMl },
    { what: 'the refill', rx: 'the prescription in force' },
  );
}

/** No refill is recorded for the implant yet: the next is its first after the initial fill. */
async function isFirstRefill(trx: Trx, implantId: string): Promise<boolean> {
  const prior = await trx
    .selectFrom('refills')
    .select('id')
    .where('implant_id', '=', implantId)
    .executeTakeFirst();
  return prior === undefined;
}

export class SessionsRefillsRepo {
  constructor(private readonly core: StoreCore) {}

  recordProgrammingSession(input: ProgrammingSessionInput, ctx: ActorContext): Promise<ProgrammingSession> {
    const { patientId, implantId, at, ...body } = parseInput(
      sessionInputSchema,
      input,
      'programming session',
    );
    const verdict = body.guardrail?.verdict ?? 'ok';
    if (verdict === 'block' && body.diff.length > 0) {
      throw new ItbError(
        'ITB_E_CLINIC_BLOCKED',
        'a change blocked by a hard limit cannot have been applied',
        {
          reasons: body.guardrail?.reasons ?? [],
        },
      );
    }
    if (verdict === 'warn' && body.justification === null) {
      throw new ItbError(
        'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
        'the session overrode a warning: give a justification',
        {
          reasons: body.guardrail?.reasons ?? [],
        },
      );
    }
    return this.core.tx(ctx, async (t) => {
      if (body.prescriptionId !== null) {
        const p = await t.trx
          .selectFrom('prescriptions')
          .select('patient_id')
          .where('id', '=', body.prescriptionId)
          .executeTakeFirst();
        if (p?.patient_id !== patientId) {
          throw new ItbError(
            'ITB_E_CLINIC_REFERENCE',
            `prescription ${body.prescriptionId} is not this patient's`,
          );
        }
      }
      const session = await insertEvent(
        this.core,
        t,
        ctx,
        'programming_sessions',
        'programming-session',
        { patientId, implantId, at },
        body,
        sessionFrom,
      );
      // What the pump reported stays visible until a later interrogation clears it (pump-conditions.ts).
      await syncPumpConditions(this.core, t, ctx, {
        patientId,
        implantId,
        sessionId: session.id,
        at,
        interrogation: body.interrogation,
      });
      // An alert whose cause this session undid closes with it (alert-closing.ts).
      await closeUndoneAlerts(t, ctx, { patientId, implantId }, actionsOfSession(body.interrogation), {
        entity: 'programming-session',
        id: session.id,
        at,
      });
      return session;
    });
  }
  listProgrammingSessions(patientId: string, ctx: ActorContext): Promise<ProgrammingSession[]> {
    return listEvents(this.core, 'programming_sessions', 'programming-session', patientId, ctx, sessionFrom);
  }
  recordRefill(input: RefillInput, ctx: ActorContext): Promise<Refill> {
    const { patientId, implantId, at, ...body } = parseInput(refillInputSchema, input, 'refill');
    // The drug in the reservoir must match a drug-library entry (Open PCA Pump requirements, docs/clinical-reference.md §5).
    checkConcentration(getDrug(body.drug), body.concentrationNgPerMl);
    return this.core.tx(ctx, async (t) => {
      const implant = await requireImplant(t.trx, implantId, patientId);
      await requireRefillMatchesPrescription(t.trx, patientId, body.drug, body.concentrationNgPerMl);
      const reservoir = getProfile(implant.device_profile_id).reservoir.value;
      if (body.volumeAddedNl > reservoir) {
        // "Do not overfill" (docs/clinical-reference.md §3, refill procedure).
        throw new ItbError(
          'ITB_E_OUT_OF_RANGE',
          `${formatVolume(body.volumeAddedNl)} added overfills a ${formatVolume(reservoir)} reservoir`,
          {
            limit: reservoir,
            value: body.volumeAddedNl,
          },
        );
      }
      const pumpCount = reconcileResidual({
        reservoirSize: reservoir,
        expected: body.expectedResidualNl as Nanolitres,
        measured: body.measuredResidualNl as Nanolitres,
        drug: await drugInReservoir(t.trx, patientId, implantId),
      });
      // The first refill of a pump is reconciled against its initial fill too (initial-fill.ts).
      const fill =
        implant.initial_fill === null
          ? null
          : parseStored(initialFillSchema, implant.initial_fill, `implant ${implantId}`);
      const fillReasons =
        fill !== null && (await isFirstRefill(t.trx, implantId))
          ? reconcileFirstRefill(fill, reservoir, body)
          : [];
      const reasons = [...pumpCount.reasons, ...fillReasons];
      const rec = { ...pumpCount, verdict: verdictOf(reasons).verdict, reasons };
      // "If unsure, do not refill": going ahead after a discrepancy warning is an override.
      if (rec.verdict !== 'ok' && body.volumeAddedNl > 0 && body.justification === null) {
        throw new ItbError(
          'ITB_E_CLINIC_JUSTIFICATION_REQUIRED',
          'the residual discrepancy was not explained: give a justification to record drug added anyway',
          { reasons: rec.reasons },
        );
      }
      const stored = {
        ...body,
        reconciliation: {
          verdict: rec.verdict,
          reasons: rec.reasons,
          discrepancyNl: rec.discrepancy,
          reservoirNl: reservoir,
        },
      };
      return insertEvent(
        this.core,
        t,
        ctx,
        'refills',
        'refill',
        { patientId, implantId, at },
        stored,
        refillFrom,
        rec.verdict,
      );
    });
  }
  listRefills(patientId: string, ctx: ActorContext): Promise<Refill[]> {
    return listEvents(this.core, 'refills', 'refill', patientId, ctx, refillFrom);
  }
}
