/**
 * A `boomerang worker`-like process for the jobs benchmark: its own pg pool on the bench
 * schema, the real job worker, and the bench timer handler. The parent sends "stop".
 * Usage (forked): job-worker-process.ts <databaseUrl> <schema> <name>
 */
import { openDatabase } from '../../src/db/client.js';
import { startJobWorker } from '../../src/jobs/index.js';
import { benchTimerHandler } from './job-timer.js';

const [databaseUrl, schema, name] = process.argv.slice(2) as [string, string, string];
const handle = await openDatabase({ databaseUrl, schema });
const worker = startJobWorker({ db: handle.db, handlers: [benchTimerHandler(name)], pollMs: 200, batchSize: 100, concurrency: 4, workerId: name });
process.send!({ ready: true });
process.on('message', async (message) => {
  if (message !== 'stop') return;
  await worker.stop();
  await handle.close();
  process.send!({ totals: worker.totals() }, () => process.exit(0));
});
