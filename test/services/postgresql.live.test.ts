// The postgresql and postgresqlScript constructors on the real PostgreSQL 15, through the
// CLI on the embedded supervisor (test/fixtures/services/postgresql.ts): as root, the server
// runs as its own account, becomes ready with its roles, database and migrated table, keeps
// its data across a settings change and an undeploy, takes a TCP login with the password
// from its file without that password reaching the state directory, and refuses another
// major version without --migrate. Then as an unprivileged user, which runs it as that user.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform, type Run } from '../helpers/cli.js';
import { listenerPid } from '../helpers/listeners.js';
import { alive, freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';
import { HOSTILE_CLUSTER_NAME } from '../fixtures/services/postgresql.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/procform.js');
const model = join(root, 'test/fixtures/services/postgresql.ts');
const PG = '/usr/lib/postgresql/15/bin';

const skipped = (t: TestContext): boolean => {
  const why = process.getuid?.() !== 0 ? 'needs root' : !existsSync(`${PG}/postgres`) ? `missing ${PG}/postgres (postgresql-15)` : null;
  if (why === null) return false;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return true;
};

// A password with what breaks naive quoting, and a random part no other file can contain.
const password = (): string => `it's a \\ "$ecret" ${randomBytes(12).toString('hex')}`;

interface Psql {
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

/** psql as `role` over TCP with `secret`, or over the socket in `socketDir` as the superuser. */
const psql = (to: { port: number; socketDir?: string; role?: string; secret?: string; database?: string }, sql: string): Psql => {
  const r = spawnSync(`${PG}/psql`, ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PGHOST: to.socketDir ?? '127.0.0.1', PGPORT: String(to.port), PGUSER: to.role ?? 'postgres', PGDATABASE: to.database ?? 'appdb',
      PGPASSWORD: to.secret ?? '', PGCONNECT_TIMEOUT: '5',
    },
  });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
};

/** Files under `dir` (recursively) whose bytes contain `text`. */
const filesContaining = (dir: string, text: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => join(e.parentPath, e.name))
  .filter((file) => readFileSync(file).includes(text));

const userExists = (name: string): boolean => spawnSync('id', [name], { stdio: 'ignore' }).status === 0;
const uidOf = (pid: number): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

const ok = (run: Run): Run => {
  assert.equal(run.code, 0, `${run.stdout}${run.stderr}`);
  return run;
};

test('as root: ready with roles, database and migration; data kept across a restart and an undeploy; the password stays out of the state; another version refused', { timeout: 60_000 }, async (t) => {
  if (skipped(t)) return;
  const state = mkdtempSync(join(tmpdir(), 'pf-pglive-'));
  // The server's account must reach its directories below it.
  chmodSync(state, 0o755);
  const name = `pfpg${process.pid}`;
  const [port] = await freePorts(1) as [number];
  const secret = password();
  const passwordFile = join(state, 'app-password');
  writeFileSync(passwordFile, `${secret}\n`, { mode: 0o600 });
  const cli = (args: string[], extra: object = {}) => procform([...args, '--state-dir', state, ...(args.includes('--undeploy') ? [] : ['-f', model, '--extra-params', JSON.stringify({ name, port, passwordFile, ...extra })])]);
  t.after(() => {
    procform(['switch', '--undeploy', '--state-dir', state]);
    procform(['down', '--state-dir', state]);
    removeTree(state);
    for (const account of [name, `${name}-migrate`]) {
      spawnSync('userdel', [account], { stdio: 'ignore' });
      spawnSync('groupdel', [account], { stdio: 'ignore' });
    }
  });
  const socketDir = join(state, 'run', name);
  const superuser = { port, socketDir };
  const app = { port, role: 'app', secret };

  ok(cli(['switch']));
  const first = listenerPid(port);
  assert.ok(first !== null, 'the server listens');
  assert.equal(uidOf(first), Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim()), 'it runs as its own account');
  assert.equal(psql(superuser, "SELECT rolname || ':' || rolcanlogin FROM pg_roles WHERE rolname IN ('app', 'reader \"o''k\"') ORDER BY 1").out, 'app:true\nreader "o\'k":false');
  assert.equal(psql(superuser, "SELECT pg_get_userbyid(datdba) || ':' || pg_encoding_to_char(encoding) || ':' || datcollate FROM pg_database WHERE datname = 'appdb'").out, 'app:UTF8:C');
  assert.equal(psql(superuser, 'SHOW cluster_name').out, HOSTILE_CLUSTER_NAME, 'postgresql.conf carried the value exactly');

  const insert = psql(app, "INSERT INTO notes (body) VALUES ('kept') RETURNING current_user");
  assert.equal(insert.status, 0, insert.err);
  assert.equal(insert.out, 'app', 'a TCP login with the password from the file, into the table the script created');
  const wrong = psql({ ...app, secret: `${secret}x` }, 'SELECT 1');
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.err, /password authentication failed for user "app"/);
  assert.deepEqual(filesContaining(state, secret).filter((f) => f !== passwordFile), [], 'the password is nowhere under the state directory but its own file');
  assert.ok(filesContaining(join(state, 'lib/procform/store'), passwordFile).length > 0, 'the store names the file, so the grep above looked in the right place');

  ok(cli(['switch'], { workMem: '16MB' }));
  const restarted = listenerPid(port);
  assert.ok(restarted !== null && restarted !== first, 'the settings change restarted the server');
  assert.equal(psql(app, 'SHOW work_mem').out, '16MB');
  assert.equal(psql(app, 'SELECT body FROM notes').out, 'kept', 'the data survived the restart');
  assert.match(procform(['logs', name, '--state-dir', state]).stdout, /applied at an earlier start/, 'the restart skipped the private server: nothing it applies had changed');

  // A new password in the file is applied at the next start, although nothing declared changed.
  writeFileSync(passwordFile, `${secret}-2\n`);
  ok(procform(['restart', name, '--state-dir', state]));
  assert.equal(psql({ ...app, secret: `${secret}-2` }, 'SELECT current_user').out, 'app', 'the new password works');
  assert.notEqual(psql(app, 'SELECT 1').status, 0, 'the old one does not');
  writeFileSync(passwordFile, `${secret}\n`);
  ok(procform(['restart', name, '--state-dir', state]));
  const second = listenerPid(port);

  const refused = cli(['switch'], { workMem: '16MB', version: 16 });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, new RegExp(`state version changes for ${name} \\(15 → 16\\)`));
  assert.match(refused.stderr, /--migrate/);
  assert.equal(listenerPid(port), second, 'the refused switch left the server running');
  assert.equal(psql(app, 'SELECT body FROM notes').out, 'kept');

  ok(procform(['switch', '--undeploy', '--state-dir', state]));
  await waitFor('the server to stop', () => (second === null || !alive(second)) && listenerPid(port) === null);
  assert.ok(!userExists(name), 'the undeploy removed the account');
  ok(cli(['switch'], { workMem: '16MB' }));
  assert.equal(psql(app, 'SELECT body FROM notes').out, 'kept', 'the data survived the undeploy and the deploy');
});

test('unprivileged: a user without root deploys it, and the server runs as that user', { timeout: 60_000 }, async (t) => {
  if (skipped(t)) return;
  const user = `pftest-db-${process.pid}`;
  assert.equal(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/bin/sh', user]).status, 0);
  const base = mkdtempSync(join(tmpdir(), 'pf-pgunpriv-'));
  chmodSync(base, 0o755);
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  chownSync(base, uid, statSync(base).gid);
  const state = join(base, 'state');
  const [port] = await freePorts(1) as [number];
  const secret = password();
  const passwordFile = join(base, 'app-password');
  writeFileSync(passwordFile, secret, { mode: 0o600 });
  chownSync(passwordFile, uid, 0);
  const name = `pfpgu${process.pid}`;
  const asUser = (args: string[]): Run => {
    const r = spawnSync('runuser', ['-u', user, '--', process.execPath, bin, ...args, '--state-dir', state], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  t.after(() => {
    asUser(['switch', '--undeploy']);
    asUser(['down']);
    removeTree(base);
    spawnSync('userdel', [user], { stdio: 'ignore' });
  });

  ok(asUser(['switch', '-f', model, '--extra-params', JSON.stringify({ name, port, passwordFile })]));
  const pid = listenerPid(port);
  assert.ok(pid !== null, 'the server listens');
  assert.equal(uidOf(pid), uid, 'postgres runs as the deploying user, not root');
  const insert = psql({ port, role: 'app', secret }, "INSERT INTO notes (body) VALUES ('x') RETURNING current_user");
  assert.equal(insert.status, 0, insert.err);
  assert.equal(insert.out, 'app');
  assert.equal(statSync(join(state, 'lib', name, 'data')).uid, uid, 'the cluster belongs to the user');
});
