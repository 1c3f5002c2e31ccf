// process-compose round trip, against its documentation (process-compose is not packaged
// for Debian): the imported model runs on the embedded supervisor, and each process must
// start as the documentation says process-compose starts it: its command through
// `bash -c` (the file's `shell`), from its working_dir, with the global and its own
// environment and the .env beside the file (unless is_dotenv_disabled), ${VAR}
// interpolated from .env. Not compared: PC_PROC_NAME and PC_REPLICA_NUM, with which
// process-compose names the process, and what it passes on from its own environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectStart, fixtureCopy, importInto, runImported } from './round-trip.js';

test('process-compose: every process starts as process-compose documents it', async (t) => {
  const dir = fixtureCopy(t, 'process-compose');
  mkdirSync(join(dir, 'out'));
  const { stderr, model } = importInto(dir, 'process-compose.yaml');
  const facts = await runImported(dir, { db: join(dir, 'out/db.json'), migrate: join(dir, 'out/migrate.json'), web: join(dir, 'out/web.json'), worker: join(dir, 'out/worker.json') });
  const dotenv = { DB_HOST: 'localhost', TOKEN: 'abc def' };
  expectStart(facts.db, { argv: ['out/db.json', '--listen', '5432'], cwd: dir, env: { APP_ENV: 'production', DB_NAME: 'shop', ...dotenv } }, 'db');
  expectStart(facts.migrate, { argv: ['out/migrate.json', '--to', 'latest'], cwd: dir, env: { APP_ENV: 'production', ...dotenv } }, 'migrate');
  expectStart(facts.web, { argv: ['../out/web.json', '--db', 'localhost', 'two words'], cwd: join(dir, 'app'), env: { APP_ENV: 'production', PORT: '3000', GREETING: 'hello world', ...dotenv } }, 'web');
  expectStart(facts.worker, { argv: ['out/worker.json', '--jobs=2'], cwd: dir, env: { APP_ENV: 'production' } }, 'worker');
  // Dependencies are references, readiness and restart come from the probes and availability.
  assert.match(model, /dependencies: \[db\.pkg, migrate\.pkg\]/);
  assert.match(model, /type: "oneshot"/);
  assert.match(model, /readiness: \{ kind: "exec", command: \["bash", "-c", "test -f out\/db\.json"\], interval: 1, timeout: 31 \}/);
  assert.match(model, /restart: \{ policy: "on-failure", maxRestarts: 5, backoff: \{ initial: 2, factor: 1 \} \}/);
  assert.match(model, /stopSignal: "INT",\n\s+stopTimeout: 7,/);
  assert.match(model, /args: \[\s*"-c",\s*"test -d \. && /);
  for (const said of ['liveness_probe', 'is_tty', 'log_location', '\\$\\{DB_HOST\\}']) assert.match(stderr, new RegExp(said));
});
