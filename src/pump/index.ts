/**
 * The pump controller's public surface: device profiles, the pure controller (createPump / step /
 * nextEventTime), its inputs and outputs, the state and its codec for non-volatile memory, and its codes.
 */
export { PROFILES, getProfile } from './profiles.ts';
export type * from './profile.ts';
export { blankState, createPump, nextEventTime, step, type CreatePumpOptions } from './controller.ts';
export { commandSchema, isCommand, prescriptionNanoSchema, signalSchema } from './inputs.ts';
export type { CommandKind, PumpCommand, PumpInput, PumpSignal } from './inputs.ts';
export type { AlarmChange, StepOutputs, StepResult } from './draft.ts';
export type * from './state.ts';
export { STATE_FORMAT } from './state.ts';
export { ALARM_SEVERITY, ALARM_TYPES, alarmConditions } from './alarms.ts';
export { batteryFraction, hardStopAt } from './battery.ts';
export { deliveredLast24h } from './bolus-checks.ts';
export { basalFlow, outOfService } from './flows.ts';
export { entriesSince } from './event-log.ts';
export { MIN_COMMAND_MEMORY } from './commands.ts';
export { decodeState, encodeState, memoryErrorState } from './state-codec.ts';
export { PUMP_CODES, type PumpCode } from './codes.ts';
export type { DeliveryPurpose, DeliverySegment } from './delivery.ts';
