// The mariadb constructor on the real MariaDB, through the CLI on the embedded supervisor
// (test/fixtures/services/mariadb.ts): as root, the server runs as its own account, becomes
// ready with its databases and accounts, keeps its data across a settings change and an
// undeploy, takes a TCP login with the password from its file without that password
// reaching the state directory, and refuses another version without --migrate. Then as an
// unprivileged user, which runs it as that user.
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
import { HOSTILE_INIT_CONNECT } from '../fixtures/services/mariadb.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/procform.js');
const model = join(root, 'test/fixtures/services/mariadb.ts');

const skipped = (t: TestContext): boolean => {
  const why = process.getuid?.() !== 0 ? 'needs root' : !existsSync('/usr/sbin/mariadbd') ? 'missing /usr/sbin/mariadbd (mariadb-server)' : null;
  if (why === null) return false;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return true;
};

// A password with what breaks naive quoting, and a random part no other file can contain.
const password = (): string => `it's a \\ "$ecret" ${randomBytes(12).toString('hex')}`;

interface Sql {
  readonly status: number | null;
  readonly out: string;
  readonly err: string;
}

/** The mariadb client as `user` over TCP with `secret`, or as root over the socket. */
const sql = (to: { port: number; socket?: string; user?: string; secret?: string }, statement: string): Sql => {
  const how = to.socket !== undefined
    ? [`--socket=${to.socket}`, '--user=root']
    : ['--protocol=TCP', '--host=127.0.0.1', `--port=${to.port}`, `--user=${to.user}`, `--password=${to.secret}`];
  const r = spawnSync('/usr/bin/mariadb', ['--no-defaults', ...how, '--connect-timeout=5', '--batch', '--raw', '--skip-column-names', '-e', statement], { encoding: 'utf8' });
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

test('as root: ready with databases and accounts; data kept across a restart and an undeploy; the password stays out of the state; another version refused', { timeout: 60_000 }, async (t) => {
  if (skipped(t)) return;
  const state = mkdtempSync(join(tmpdir(), 'pf-mdblive-'));
  // The server's account must reach its directories below it.
  chmodSync(state, 0o755);
  const name = `pfmdb${process.pid}`;
  const [port] = await freePorts(1) as [number];
  const secret = password();
  const passwordFile = join(state, 'app-password');
  writeFileSync(passwordFile, `${secret}\n`, { mode: 0o600 });
  const cli = (args: string[], extra: object = {}) => procform([...args, '--state-dir', state, '-f', model, '--extra-params', JSON.stringify({ name, port, passwordFile, ...extra })]);
  t.after(() => {
    procform(['switch', '--undeploy', '--state-dir', state]);
    procform(['down', '--state-dir', state]);
    removeTree(state);
    spawnSync('userdel', [name], { stdio: 'ignore' });
    spawnSync('groupdel', [name], { stdio: 'ignore' });
  });
  const admin = { port, socket: join(state, 'run', name, 'mysqld.sock') };
  const app = { port, user: 'app', secret };

  ok(cli(['switch']));
  const first = listenerPid(port);
  assert.ok(first !== null, 'the server listens');
  assert.equal(uidOf(first), Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim()), 'it runs as its own account');
  assert.equal(sql(admin, "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('app_db', 'other') ORDER BY 1").out, 'app_db\nother');
  assert.equal(sql(admin, "SELECT CONCAT(user, '@', host) FROM mysql.global_priv WHERE user IN ('app', 'o''dd \"user\"') ORDER BY 1").out, 'app@localhost\no\'dd "user"@localhost');
  assert.equal(sql(admin, 'SELECT @@init_connect').out, HOSTILE_INIT_CONNECT, 'my.cnf carried the value exactly');

  const created = sql(app, "CREATE TABLE app_db.notes (body text); INSERT INTO app_db.notes VALUES ('kept'); SELECT CURRENT_USER()");
  assert.equal(created.status, 0, created.err);
  assert.equal(created.out, 'app@localhost', 'a TCP login with the password from the file');
  const wrong = sql({ ...app, secret: `${secret}x` }, 'SELECT 1');
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.err, /Access denied for user 'app'@'localhost'/);
  const denied = sql(app, 'SELECT 1 FROM other.nothing');
  assert.match(denied.err, /command denied|access denied/i, 'the grant is on app_db only');
  assert.deepEqual(filesContaining(state, secret).filter((f) => f !== passwordFile), [], 'the password is nowhere under the state directory but its own file');
  assert.ok(filesContaining(join(state, 'lib/procform/store'), passwordFile).length > 0, 'the store names the file, so the grep above looked in the right place');

  ok(cli(['switch'], { maxConnections: 60 }));
  const second = listenerPid(port);
  assert.ok(second !== null && second !== first, 'the settings change restarted the server');
  assert.equal(sql(app, 'SELECT @@max_connections').out, '60');
  assert.equal(sql(app, 'SELECT body FROM app_db.notes').out, 'kept', 'the data survived the restart, and the setup ran again without harm');

  const refused = cli(['switch'], { maxConnections: 60, version: '11.4' });
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, new RegExp(`state version changes for ${name} \\(10\\.11 → 11\\.4\\)`));
  assert.match(refused.stderr, /--migrate/);
  assert.equal(listenerPid(port), second, 'the refused switch left the server running');
  assert.equal(sql(app, 'SELECT body FROM app_db.notes').out, 'kept');

  ok(procform(['switch', '--undeploy', '--state-dir', state]));
  await waitFor('the server to stop', () => !alive(second) && listenerPid(port) === null);
  assert.ok(!userExists(name), 'the undeploy removed the account');
  ok(cli(['switch'], { maxConnections: 60 }));
  assert.equal(sql(app, 'SELECT body FROM app_db.notes').out, 'kept', 'the data survived the undeploy and the deploy');
});

test('unprivileged: a user without root deploys it, and the server runs as that user', { timeout: 60_000 }, async (t) => {
  if (skipped(t)) return;
  const user = `pftest-db-m${process.pid}`;
  assert.equal(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/bin/sh', user]).status, 0);
  const base = mkdtempSync(join(tmpdir(), 'pf-mdbunpriv-'));
  chmodSync(base, 0o755);
  const uid = Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
  chownSync(base, uid, statSync(base).gid);
  const state = join(base, 'state');
  const [port] = await freePorts(1) as [number];
  const secret = password();
  const passwordFile = join(base, 'app-password');
  writeFileSync(passwordFile, secret, { mode: 0o600 });
  chownSync(passwordFile, uid, 0);
  const name = `pfmdbu${process.pid}`;
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
  assert.equal(uidOf(pid), uid, 'mariadbd runs as the deploying user, not root');
  const login = sql({ port, user: 'app', secret }, 'SELECT CURRENT_USER()');
  assert.equal(login.status, 0, login.err);
  assert.equal(login.out, 'app@localhost');
  assert.equal(statSync(join(state, 'lib', name, 'data', 'mysql')).uid, uid, 'the system tables belong to the user');
});
