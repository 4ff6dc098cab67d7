/**
 * `itb serve` reaches pumps run elsewhere (e.g. `itb pump serve`) through the directory it is given
 * (`--pumps` / `ITB_PUMP_DIRECTORY`, SERIAL=host:port): a clinician interrogates a pump listening on TCP
 * through the server started as the CLI starts it. A malformed directory entry is refused, never skipped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { implantInput, patientInput } from '../clinic/store-test-fixtures.ts';
import { nodeCrypto, nodeEntropy } from '../link/crypto-node.ts';
import { provisionImplant, responderConfigFrom } from '../link/keys.ts';
import { PumpServer } from '../link/pump-server.ts';
import { listenTcp, type TcpListener } from '../link/tcp-transport.ts';
import { continuous, filledPump } from '../pump/test-fixtures.ts';
import { ItbError } from '../therapy/codes.ts';
import { epochMs } from '../therapy/quantities.ts';
import { hashPassword } from './auth/passwords.ts';
import { directoryFromEnv, linkKeysForRecord } from './pump-directory.ts';
import { startServer, type RunningServer } from './serve.ts';
import { PASSWORD, TEST_COST } from './test-support.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('itb serve with a pump directory', () => {
  it('interrogates a pump listening on TCP at the address the directory names', async () => {
    const keys = provisionImplant(
      nodeCrypto,
      { pump: nodeEntropy(32), clinician: nodeEntropy(32), patient: nodeEntropy(32) },
      { pump: 'PUMP-9', clinician: 'programmer', patient: 'controller' },
    );
    const pump = new PumpServer({
      ctx: { config: responderConfigFrom(nodeCrypto, keys.pump), crypto: nodeCrypto },
      pump: filledPump({ prescription: continuous(420), now: epochMs(Date.now() - 1_000) }),
      clock: { now: () => Date.now(), realDelay: (ms) => ms },
    });
    const listener: TcpListener = await listenTcp({
      port: 0,
      host: '127.0.0.1',
      onConnection: (t) => pump.attach(t),
    });
    cleanup.push(
      () => pump.stop(),
      () => listener.close(),
    );

    const dir = mkdtempSync(join(tmpdir(), 'itb-serve-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const server: RunningServer = await startServer({
      port: 0,
      host: '127.0.0.1',
      db: join(dir, 'itb.sqlite'),
      pumpDirectory: directoryFromEnv(`PUMP-9=127.0.0.1:${listener.port}`),
    });
    cleanup.push(() => server.stop());

    const sys = { actor: 'system:test' };
    const patient = await server.store.createPatient(patientInput(9), sys);
    await server.store.addImplant(
      implantInput(patient.id, 'PUMP-9', { linkKeys: linkKeysForRecord(keys) }),
      sys,
    );
    await server.store.createUser(
      {
        email: 'doc@clinic.example',
        name: 'Doc',
        role: 'physician',
        passwordHash: await hashPassword(PASSWORD, TEST_COST),
        patientId: null,
      },
      sys,
    );
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'doc@clinic.example', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${server.url}/api/v1/patients/${patient.id}/pump/interrogate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { snapshot: { prescription: { doseMcgPerDay: number } } };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.snapshot.prescription.doseMcgPerDay).toBe(420);
  });

  it.each(['PUMP-9', 'PUMP-9=host', 'PUMP-9=host:port', '=127.0.0.1:9'])(
    'refuses the malformed entry %j',
    (text) => {
      expect(() => directoryFromEnv(text)).toThrow(ItbError);
      expect(() => directoryFromEnv(text)).toThrow(/SERIAL=host:port/);
    },
  );
});
