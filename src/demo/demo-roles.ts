/**
 * Who may move the demo world (docs/demo.md "The demo clock"): the rule of the demo's routes
 * (demo-routes.ts) and of the web app's clock buttons (web/src/DemoClock.tsx), in one place, so a role the
 * routes refuse is not offered a button that answers "the viewer role may not use this route".
 */
import type { UserRole } from '../clinic/records.ts';

/** `POST /api/v1/demo/clock`, `…/faults` and `…/battery`. */
export const DEMO_WORLD_ROLES: readonly UserRole[] = ['admin', 'physician', 'nurse'];

/** Whether `role` may fast-forward the demo clock. */
export const mayMoveDemoWorld = (role: UserRole): boolean => DEMO_WORLD_ROLES.includes(role);
