/**
 * Users (admin), patients and implants. Implants never carry their link keys; only the physician-only
 * `…/link-keys` route returns them (audited `view-keys`), because whoever holds them can program the pump.
 */
import { z } from 'zod';
import { USER_ROLES, catheterSchema, opioidStatusSchema, patientInputSchema } from '../../clinic/records.ts';
import { ItbError } from '../../therapy/codes.ts';
import type { RouteDeps } from '../app.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from '../auth/passwords.ts';
import { actorOf, idSchema, patientParams, type ApiApp } from './common.ts';
import { implantSchema, json, objectSchema, patientSchema, userSchema } from '../api-schemas.ts';
import { jsonValueSchema } from '../../clinic/records.ts';

const newUserBody = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(USER_ROLES),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
  patientId: idSchema.nullable().default(null),
});

const newImplantBody = z.strictObject({
  pumpSerial: z.string().trim().min(1).max(64),
  deviceProfileId: z.string().trim().min(1).max(64),
  implantDate: z.iso.date(),
  pocketSide: z.enum(['left', 'right']),
  catheter: catheterSchema,
  linkKeys: z.record(z.string().max(100), z.string().max(4096)),
});

/** docs/clinical-reference.md §2 [C: Infumorph label, section 2]: naive and tolerant patients start apart. */
const opioidStatusBody = z.strictObject({ opioidStatus: opioidStatusSchema.nullable() });

const implantParams = patientParams.extend({ implantId: idSchema });

export function registerPeopleRoutes(app: ApiApp, deps: RouteDeps): void {
  const { store } = deps;

  app.post(
    '/api/v1/users',
    {
      schema: {
        response: { 201: json(userSchema, 'The account, created') },
        tags: ['users'],
        summary: 'Create an account (admin)',
        body: newUserBody,
      },
    },
    async (request, reply) => {
      const { password, ...rest } = request.body;
      if (rest.role === 'patient' && rest.patientId !== null) {
        await store.getPatient(rest.patientId, actorOf(request)); // 404 before an orphan account
      }
      const user = await store.createUser(
        { ...rest, passwordHash: await hashPassword(password) },
        actorOf(request),
      );
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/v1/users/:userId',
    {
      schema: {
        response: { 200: json(userSchema, 'The account') },
        tags: ['users'],
        summary: 'One account (admin)',
        params: z.strictObject({ userId: idSchema }),
      },
    },
    (request) => store.getUser(request.params.userId, actorOf(request)),
  );

  app.get(
    '/api/v1/patients',
    {
      schema: {
        response: { 200: json(z.array(patientSchema), 'The patients') },
        tags: ['patients'],
        summary: 'All patients, by name',
      },
    },
    (request) => store.listPatients(actorOf(request)),
  );

  app.post(
    '/api/v1/patients',
    {
      schema: {
        response: { 201: json(patientSchema, 'The patient, registered') },
        tags: ['patients'],
        summary: 'Register a patient',
        body: patientInputSchema,
      },
    },
    async (request, reply) =>
      reply.status(201).send(await store.createPatient(request.body, actorOf(request))),
  );

  app.get(
    '/api/v1/patients/:patientId',
    {
      schema: {
        response: { 200: json(patientSchema, 'The patient') },
        tags: ['patients'],
        summary: 'One patient',
        params: patientParams,
      },
    },
    (request) => store.getPatient(request.params.patientId, actorOf(request)),
  );

  app.post(
    '/api/v1/patients/:patientId/opioid-status',
    {
      schema: {
        response: { 200: json(patientSchema, 'The patient, with the status recorded') },
        tags: ['patients'],
        summary:
          "Record whether the patient is opioid-naive or tolerant (null: unknown); an opioid's start range depends on it",
        params: patientParams,
        body: opioidStatusBody,
      },
    },
    (request) =>
      store.setPatientOpioidStatus(request.params.patientId, request.body.opioidStatus, actorOf(request)),
  );

  app.get(
    '/api/v1/patients/:patientId/implants',
    {
      schema: {
        response: { 200: json(z.array(implantSchema), 'The implants') },
        tags: ['implants'],
        summary: "A patient's implants (no link keys)",
        params: patientParams,
      },
    },
    (request) => store.listImplants(request.params.patientId, actorOf(request)),
  );

  app.post(
    '/api/v1/patients/:patientId/implants',
    {
      schema: {
        response: { 201: json(implantSchema, 'The implant, recorded') },
        tags: ['implants'],
        summary: 'Record an implant; its link keys are sealed at rest and not returned',
        params: patientParams,
        body: newImplantBody,
      },
    },
    async (request, reply) => {
      const implant = await store.addImplant(
        { ...request.body, patientId: request.params.patientId },
        actorOf(request),
      );
      return reply.status(201).send(implant);
    },
  );

  app.get(
    '/api/v1/patients/:patientId/implants/:implantId',
    {
      schema: {
        response: { 200: json(implantSchema, 'The implant') },
        tags: ['implants'],
        summary: 'One implant (no link keys)',
        params: implantParams,
      },
    },
    async (request) => {
      const { patientId, implantId } = request.params;
      const implant = (await store.listImplants(patientId, actorOf(request))).find((i) => i.id === implantId);
      if (implant === undefined) {
        throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no implant ${implantId}`);
      }
      return implant;
    },
  );

  app.get(
    '/api/v1/patients/:patientId/implants/:implantId/link-keys',
    {
      schema: {
        response: {
          200: json(
            objectSchema('LinkKeys', 'The link keys of an implant', {
              implantId: z.string(),
              linkKeys: z.record(z.string(), jsonValueSchema),
            }),
            'The keys',
          ),
        },
        tags: ['implants'],
        summary: 'The telemetry link keys of an implant (physician only; audited as view-keys)',
        params: implantParams,
      },
    },
    async (request, reply) => {
      const { patientId, implantId } = request.params;
      const implants = await store.listImplants(patientId, actorOf(request));
      if (!implants.some((i) => i.id === implantId)) {
        throw new ItbError('ITB_E_CLINIC_NOT_FOUND', `patient ${patientId} has no implant ${implantId}`);
      }
      const keys = await store.getImplantKeys(implantId, actorOf(request));
      return reply.header('cache-control', 'no-store').send({ implantId, linkKeys: keys });
    },
  );
}
