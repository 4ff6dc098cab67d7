/**
 * The physical world around a pump (docs/architecture.md, world/): what the pump cannot see. See docs/world.md.
 */
export { WORLD_CODES, type WorldCode } from './codes.ts';
export { applyDelivery } from './delivery.ts';
export {
  DEFAULT_COMPLICATION_RISK,
  WORLD_EVENT_RATES,
  drawPocketFill,
  nextCatheterComplication,
  type ComplicationRisk,
} from './event-rates.ts';
export { startMri } from './mri.ts';
export {
  CATHETER_NL_PER_CM,
  DEFAULT_WORLD_PARAMS,
  SALINE,
  catheterVolumeForLength,
  worldParams,
  type DeliveryErrorParams,
  type FluidSpec,
  type WorldParams,
  type WorldParamsInput,
} from './params.ts';
export { seedRng, type Rng } from './random.ts';
export { applyRefill, type Refill, type RefillOutcome } from './refill.ts';
export type {
  Arrival,
  ArrivalOrigin,
  ArrivalSite,
  CatheterState,
  Parcel,
  World,
  WorldSignal,
  WorldTotals,
} from './types.ts';
export { advanceWorld, createWorld, replaceCatheter, setCatheter } from './world.ts';
