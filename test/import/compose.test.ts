// docker compose round trip, against the Compose Specification (no compose runs here):
// the imported model runs on the embedded supervisor, and each service must start as
// the specification says its container's process does: entrypoint + command as argv (a
// string command split without a shell), from working_dir, with environment over its
// env_file and ${VAR} interpolated from the shell and .env. Not compared: what the
// image adds (its own ENV), which the file does not say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectStart, fixtureCopy, importInto, runImported } from './round-trip.js';

test('compose: every service starts as the Compose Specification describes it', async (t) => {
  const dir = fixtureCopy(t, 'compose');
  mkdirSync(join(dir, 'out'));
  const { stderr, model } = importInto(dir, 'compose.yaml');
  const facts = await runImported(dir, { db: join(dir, 'out/db.json'), migrate: join(dir, 'out/migrate.json'), api: join(dir, 'out/api.json') });
  expectStart(facts.db, { argv: ['out/db.json', '-c', 'max_connections=50'], cwd: dir, env: { POSTGRES_DB: 'shop', POSTGRES_PASSWORD: 'secret' } }, 'db');
  expectStart(facts.migrate, { argv: ['out/migrate.json', '--to', 'latest'], cwd: dir, env: { DATABASE_URL: 'postgres://db/shop' } }, 'migrate');
  expectStart(facts.api, {
    argv: ['out/api.json', '--db', 'db:5432', '--name', 'two words'], cwd: dir,
    env: { PORT: '8080', FROM_BOTH: 'environment wins', CACHE_TTL: '300', SECRET_KEY: 's3cret value' },
  }, 'api');
  assert.match(model, /dependencies: \[db\.pkg, migrate\.pkg\]/);
  assert.match(model, /readiness: \{ kind: "exec", command: \["test", "-f", "out\/db\.json"\], interval: 1, timeout: 32 \}/);
  assert.match(model, /restart: \{ policy: "on-failure", maxRestarts: 3 \}/);
  assert.match(model, /stopSignal: "INT",\n\s+stopTimeout: 90,/);
  assert.match(model, /envFiles: \["\.\/api\.env"\]/);
  assert.match(model, /port: 8080,/);
  for (const said of ['image: "postgres:16"', 'volumes', 'build', 'LOG_LEVEL takes its value from the shell', 'ports', '\\$\\{DB_PASSWORD\\}', '\\(file\\) {2}volumes']) assert.match(stderr, new RegExp(said));
});
