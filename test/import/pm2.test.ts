// PM2 round trip, against its documentation (PM2 is not installed here): the ecosystem
// file is evaluated by Node, the imported model runs on the embedded supervisor, and each
// app must start as PM2 documents fork mode: `node node_args script args` (a script with
// `interpreter: "none"` runs itself) from `cwd`, with `env`. Not compared: the variables
// PM2 adds to name the process (pm_id, name, NODE_APP_INSTANCE, PM2_HOME, …) and what its
// daemon passes on from its own environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectStart, fixtureCopy, importInto, PRINT_ENV, runImported } from './round-trip.js';

test('PM2: every app starts as PM2 documents it', async (t) => {
  const dir = fixtureCopy(t, 'pm2');
  mkdirSync(join(dir, 'out'));
  const { stderr, model } = importInto(dir, 'ecosystem.config.js');
  const facts = await runImported(dir, { api: join(dir, 'out/api.json'), worker: join(dir, 'out/worker.json') });
  expectStart(facts.api, { argv: ['out/api.json', '--port', '3000', 'two words'], cwd: dir, env: { APP_ENV: 'production', PORT: '3000', NODE_ENV: 'development' } }, 'api');
  expectStart(facts.worker, { argv: ['../out/worker.json', '--queue', 'emails'], cwd: join(dir, 'sub'), env: { APP_ENV: 'production', QUEUE: 'emails' } }, 'worker');
  // node and its arguments come before the script, which is named relative to the model.
  assert.match(model, /foregroundProcess: "node",\n\s+args: \[\s*"--max-old-space-size=256",\s*".*print-env\.js",\s*"out\/api\.json",\s*"--port",\s*"3000",\s*"two words",?\s*\]/);
  assert.ok(model.includes(`foregroundProcess: ${JSON.stringify(PRINT_ENV)}`));
  assert.match(model, /directory: join\(here, "sub"\)/);
  assert.match(model, /restart: \{ policy: "always", maxRestarts: 5, backoff: \{ initial: 2, factor: 1, resetAfter: 5 \} \}/);
  assert.match(model, /stopSignal: "INT",\n\s+stopTimeout: 3,/);
  assert.match(model, /restart: \{ policy: "no", maxRestarts: 16, backoff: \{ initial: 0\.1, factor: 1\.5, max: 15 \} \}/);
  for (const said of ['watch', 'max_memory_restart', 'env_production', 'wait_ready', 'out_file', '\\(file\\) {2}deploy']) assert.match(stderr, new RegExp(said));
});

