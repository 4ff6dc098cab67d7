/**
 * One population worker process (shard-queue.ts): `tsx src/sim/shard-worker.ts <postgres-url> <name>`
 * takes shards from the database until it is sent SIGTERM. Prints "ready" once it is polling.
 */
import { openResults, openShardQueue, workShards } from './shard-queue.ts';

const [url, name] = process.argv.slice(2);
if (url === undefined || name === undefined) {
  console.error('ITB_E_INVALID_INPUT: usage: shard-worker.ts <postgres-url> <worker-name>');
  process.exit(2);
}
const boss = await openShardQueue(url);
const results = await openResults(url);
await workShards(boss, results, name);
console.log('ready');
process.on('SIGTERM', () => {
  void boss
    .stop({ graceful: false, wait: false })
    .then(() => results.end())
    .finally(() => process.exit(0));
});
