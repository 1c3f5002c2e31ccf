// The stack's background worker: takes jobs the API queued in Redis and records each in
// PostgreSQL, signed with its RELEASE.
import { query } from './postgres.mjs';
import { redis } from './redis.mjs';

const release = process.env.RELEASE ?? '1';
let running = true;
process.on('SIGTERM', () => { running = false; });
console.log(`worker ${release} waiting for jobs`);
while (running) {
  // A short blocking pop, so a stop request is seen within a second.
  const job = await redis('BRPOP', 'jobs', '1').catch((error) => {
    console.error(`worker: redis: ${error.message}`);
    return new Promise((resolve) => setTimeout(() => resolve(null), 1000));
  });
  if (!job) continue;
  const [, payload] = job;
  try {
    await query("INSERT INTO jobs (payload, done_by) VALUES (:'payload', :'by')", { payload, by: `worker-${release}` });
    console.log(`worker ${release} did ${payload}`);
  } catch (error) {
    // Put it back, so a database restart loses no job.
    console.error(`worker: ${error.message}; job requeued`);
    await redis('RPUSH', 'jobs', payload).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
process.exit(0);
