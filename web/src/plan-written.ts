/**
 * A kept pump plan confirmed a second time after it was written (ITB_E_PLAN_APPLIED: its answer was lost
 * to the network or a reload, and Confirm was pressed again). Nothing was sent again; the screen must stop
 * offering that plan's Confirm, for the write it asks for has happened — its outcome is in the record.
 */
import { ApiError } from './api.ts';

export const planWritten = (e: unknown): boolean => e instanceof ApiError && e.code === 'ITB_E_PLAN_APPLIED';
