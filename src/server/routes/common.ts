/** Shared pieces of the route modules: the typed app, id parameters, the actor of a request. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ActorContext } from '../../clinic/records.ts';
import { principalOf } from '../auth/hook.ts';

/** The Fastify instance with the zod type provider. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A record id in a path: the store's ids are UUIDs, but any short printable token is accepted. */
export const idSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, 'an id: letters, digits, . _ : -');

export const patientParams = z.strictObject({ patientId: idSchema });

/** The audit actor of a request (`user:<id>`). */
export const actorOf = (request: FastifyRequest): ActorContext => ({ actor: principalOf(request).actor });

/** An optional epoch-ms instant (defaults to the server clock in handlers). */
export const instantSchema = z.int().min(0).max(8_640_000_000_000_000);
