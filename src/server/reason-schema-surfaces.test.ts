/**
 * One Reason, every surface (docs/hazards.md H63): each reason shape the type allows passes the pump's stored
 * image, the clinic's records and the OpenAPI document's `Reason`, and each surface names every field. The
 * arbitrary is typed against the Reason type, so a field added to it cannot be left out here either.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { alertBodySchema, guardrailSchema } from '../clinic/clinical-records.ts';
import { decodeState, encodeState } from '../pump/state-codec.ts';
import { filledPump, newId } from '../pump/test-fixtures.ts';
import { reasonSchema, type Reason } from '../therapy/reason-schema.ts';
import { verdictOf } from '../therapy/verdict.ts';
import { API_BACKENDS, startApi, type TestApi } from './test-support.ts';

type ReasonModel = { [K in keyof Reason]-?: fc.Arbitrary<Exclude<Reason[K], undefined>> };

const model: ReasonModel = {
  code: fc.constantFrom('ITB_R_PUMP_HARD_LIMIT', 'ITB_R_REFILL_DUE', 'ITB_E_INVALID_INPUT'),
  message: fc.string(),
  // JSON, the pump image's and the API's form, has no negative zero: a limit of -0 is stored as 0.
  limit: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  value: fc.integer(),
  severity: fc.constantFrom('ok' as const, 'warn' as const, 'block' as const),
  source: fc.string({ minLength: 1, maxLength: 1000 }),
  times: fc.dictionary(fc.constantFrom('refillBy', 'since', 'eos'), fc.integer({ min: 0 })),
};
const reasonArb: fc.Arbitrary<Reason> = fc.record(model, { requiredKeys: ['code', 'message', 'severity'] });

interface JsonSchema {
  properties?: Record<string, unknown>;
}

const [backend] = API_BACKENDS;

describe('one Reason schema', () => {
  let api: TestApi;
  let openApiReason: JsonSchema;
  beforeAll(async () => {
    api = await startApi(backend!);
    const doc = (await api.call(null, 'GET', '/api/openapi.json')).json<{
      components: { schemas: Record<string, JsonSchema> };
    }>();
    openApiReason = doc.components.schemas['Reason']!;
  });
  afterAll(async () => api.dispose());

  it('a field added to Reason but not to every schema made a restarted pump image undecodable (H63): every Reason shape passes the pump image, the clinic records and the OpenAPI document, and each names every field', () => {
    const fields = Object.keys(model).sort();
    expect(Object.keys(reasonSchema.shape).sort()).toEqual(fields);
    expect(Object.keys(openApiReason.properties ?? {}).sort()).toEqual(fields);
    // The document's Reason as a client reads it (from its JSON text), closed here: it is open so a client
    // keeps fields it does not know, but every field a reason carries must be described.
    const documented = z.fromJSONSchema({ ...openApiReason, additionalProperties: false } as never);
    const base = filledPump({ fillMl: 2.02 });
    fc.assert(
      fc.property(fc.array(reasonArb, { minLength: 1, maxLength: 3 }), (reasons) => {
        const pump = {
          ...base,
          recentCommands: {
            ...base.recentCommands,
            entries: [...base.recentCommands.entries, { id: newId(), result: { ok: false, reasons } }],
          },
        };
        expect(decodeState(encodeState(pump))).toEqual(pump);
        expect(guardrailSchema.parse(verdictOf(reasons))).toEqual(verdictOf(reasons));
        expect(alertBodySchema.parse({ message: 'm', reasons }).reasons).toEqual(reasons);
        for (const r of reasons) expect(documented.safeParse(r).error).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
