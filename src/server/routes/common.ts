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

/**
 * A number in a query string, in the one spelling a client means: decimal digits (and, for `queryDecimal`,
 * one decimal point). `z.coerce.number()` read an empty value (`?goal=`) and blanks as 0, and took `0x10`,
 * `1e2` and `0b1` as 16, 100 and 1: a cleared field silently became a different request. Everything else —
 * empty, signs, exponents, hex, non-ASCII digits, a repeated parameter — is refused (400).
 */
export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, 'a whole number in decimal digits')
    .transform(Number)
    .pipe(z.int().min(min).max(max));

/** A decimal query number (`1.5`), spelt as `queryInt` says, with at most one decimal point. */
export const queryDecimal = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}(\.[0-9]{1,16})?$/, 'a number in decimal digits')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

/** An optional epoch-ms instant (defaults to the server clock in handlers). */
/** The latest instant a Date can hold (epoch ms). */
export const INSTANT_MAX = 8_640_000_000_000_000;
export const instantSchema = z.int().min(0).max(INSTANT_MAX);
