// systemd round trip, against systemd.service(5) and systemd.exec(5) (systemd-manager.test.ts
// runs the same units under a real systemd --user manager): the imported model runs on the embedded supervisor, and each
// unit's process must start as the manual says: ExecStart= unquoted with C escapes, %
// specifiers and %% resolved, ${VAR} as one word and $VAR split at blanks from
// Environment= and EnvironmentFile=, from WorkingDirectory=, with Environment= and the
// env files. Not compared: what the manager adds itself (INVOCATION_ID, JOURNAL_STREAM,
// HOME and USER for User=, its own PATH and locale), which the units do not say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectStart, fixtureCopy, importInto, runImported } from './round-trip.js';

test('systemd: every unit starts as systemd.service(5) describes it', async (t) => {
  const dir = fixtureCopy(t, 'systemd');
  mkdirSync(join(dir, 'out'));
  const { stderr, model } = importInto(dir, 'units');
  const facts = await runImported(dir, { 'shop-db': join(dir, 'out/db.json'), 'shop-migrate': join(dir, 'out/migrate.json'), 'shop-web': join(dir, 'out/web.json') });
  const file = { DATABASE_URL: 'postgres://localhost/shop', SECRET_KEY: 's3cret value' };
  expectStart(facts['shop-db'], { argv: ['out/db.json', '-D', `${dir}/data dir`, '--name=shop-db'], cwd: dir, env: { PGDATA: `${dir}/data dir`, PGPORT: '5432', LANG: 'C.UTF-8' } }, 'shop-db');
  assert.equal(facts['shop-db']!.umask, '0027');
  expectStart(facts['shop-migrate'], { argv: ['out/migrate.json', '--to', 'latest'], cwd: dir, env: file }, 'shop-migrate');
  expectStart(facts['shop-web'], {
    argv: ['out/web.json', '--db', 'postgres://localhost/shop', '--verbose', '--jobs=2', 'two words', 'A\tB', '100%'], cwd: dir,
    env: { ...file, EXTRA_ARGS: '--verbose --jobs=2', PORT: '8080' },
  }, 'shop-web');
  assert.match(model, /const shopWeb = \{ \/\/ instance "shop-web"/);
  assert.match(model, /dependencies: \[shopDb\.pkg\]/);
  assert.match(model, /dependencies: \[shopMigrate\.pkg\]/);
  assert.match(model, /type: "oneshot"/);
  assert.match(model, /user: "shop"/);
  assert.match(model, /restart: \{ policy: "on-failure", maxRestarts: 4, backoff: \{ initial: 2, factor: 1 \} \}/);
  assert.match(model, /stopSignal: "INT",\n\s+stopTimeout: 90,/);
  assert.match(model, /nice: 5/);
  assert.match(model, /startTimeout: 30/);
  for (const said of ['LimitNOFILE', 'RemainAfterExit', 'ProtectSystem', 'network-online\\.target is not an imported unit', 'Install\\.WantedBy', 'missing\\.env', '\\$DATABASE_URL comes from an EnvironmentFile']) assert.match(stderr, new RegExp(said));
});
