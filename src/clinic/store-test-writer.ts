/**
 * A separate writer process for the concurrency test: opens the store at argv[2], signals ready and waits
 * for the go file in the barrier folder argv[5] (so all writers really start together), then creates argv[3]
 * patients tagged argv[4], each with an audited view, pausing briefly between writes; prints `{ "written": n }`.
 * Run as: node --import tsx src/clinic/store-test-writer.ts <url> <count> <tag> <barrier-dir>
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from './open-store.ts';
import { TEST_KEY } from './store-test-harness.ts';
import { patientInput } from './store-test-fixtures.ts';

const [url, countText, tag, barrier] = process.argv.slice(2);
if (url === undefined || countText === undefined || tag === undefined || barrier === undefined) {
  process.stderr.write('usage: store-test-writer.ts <url> <count> <tag> <barrier-dir>\n');
  process.exit(2);
}
const store = await openStore(url, { secretKey: TEST_KEY });
writeFileSync(join(barrier, `${tag}.ready`), '');
for (let waited = 0; !existsSync(join(barrier, 'go')); waited += 5) {
  if (waited > 60_000) throw new Error('no go signal within 60 s');
  await sleep(5);
}
let written = 0;
try {
  for (let i = 0; i < Number(countText); i++) {
    const p = await store.createPatient(patientInput(i, { mrn: `${tag}-${i}`, name: `${tag} ${i}` }), {
      actor: `process:${tag}`,
    });
    await store.getPatient(p.id, { actor: `process:${tag}` });
    written++;
    // Yield between writes so that the writers' turns interleave even on a loaded 2-core machine; the
    // test asserts they did, to prove the chain lock was really contended.
    await sleep(3);
  }
} finally {
  await store.close();
}
process.stdout.write(JSON.stringify({ written }) + '\n');
