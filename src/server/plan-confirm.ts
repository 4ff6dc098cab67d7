/**
 * The body that confirms a reviewed plan kept on the server (pump-routes.ts): its id, an explicit
 * `confirm: true`, and the justification a warning needs. The prescription is never sent back.
 */
import { z } from 'zod';

export const confirmBody = z.strictObject({
  planId: z.string().min(1).max(100),
  confirm: z.literal(true),
  justification: z.string().max(2000).optional(),
});
