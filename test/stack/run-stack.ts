// The production-like example (examples/stack: PostgreSQL, a migration, Redis, an API, a
// worker, nginx) through the CLI on one backend, as a user runs it: the API answers through
// nginx; a row written through it survives a switch that changes only the application, a
// rollback, a restart of the manager and an undeploy followed by a deploy; a switch that
// changes PostgreSQL's stateVersion is refused without --migrate and leaves it all running.
// Privileged: as root, every service as an account the deployment creates. Unprivileged:
// procform itself runs as an ordinary user, so everything runs as that user.
// systemd's case runs inside scripts/systemd-user-sandbox (test/stack/systemd.test.ts starts
// it): the deployment is enabled for boot, and a reboot is the sandbox's restart of the manager,
// after which systemd alone brings the stack back, with no procform command.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { request } from '../helpers/http.js';
import { chmodSync, chownSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listenerPid } from '../helpers/listeners.js';
import { alive, freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';
import { SANDBOX } from '../helpers/systemd-sandbox.js';
import { onPath } from '../helpers/programs.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/procform.js');
/** The example's model file. */
export const STACK_MODEL = join(root, 'examples/stack/processes.ts');
const PROGRAMS = ['/usr/lib/postgresql/15/bin/postgres', '/usr/bin/redis-server', '/usr/sbin/nginx'];
// Managers `procform manager start|stop` runs; systemd's manager is the sandbox's.
const MANAGERS: Record<string, string> = { supervisord: 'supervisord', s6: 's6-svscan', 's6-rc': 's6-rc-compile', runit: 'runsvdir' };
const SANDBOXED: Record<string, string> = { systemd: '/usr/lib/systemd/systemd' };

const ROLES = ['db', 'cache', 'app', 'web'];

type Ports = { db: number; cache: number; api: number; web: number };

const run = (argv: readonly string[], as?: string) => {
  const command = as === undefined ? [process.execPath, bin, ...argv] : ['runuser', '-u', as, '--', process.execPath, bin, ...argv];
  const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, cwd: root });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
};

const exists = (kind: 'passwd' | 'group', name: string): boolean => spawnSync('getent', [kind, name], { stdio: 'ignore' }).status === 0;


const skipped = (t: TestContext, backend: string): boolean => {
  const manager = MANAGERS[backend] ?? SANDBOXED[backend];
  const absent = [...PROGRAMS, ...(manager ? [manager] : [])].filter((p) => !onPath(p));
  const why = process.getuid?.() !== 0 ? 'the stack tests need root (to create accounts, or an ordinary user to run as)'
    : absent.length > 0 ? `missing ${absent.join(', ')}`
    : SANDBOXED[backend] && !process.env.SYSTEMD_USER_SANDBOX ? `the ${backend} case runs inside scripts/systemd-user-sandbox (test/stack/${backend}.test.ts)`
    : undefined;
  if (why === undefined) return false;
  if (process.env.CI === 'true') assert.fail(why);
  t.skip(why);
  return true;
};

/** Registers the example's live test on one backend, privileged or not. */
export const stackCase = (backend: string, privileged: boolean, tag: string): void => {
  test(`${backend}: the stack example (${privileged ? 'privileged' : 'unprivileged'}): through nginx, minimal switch, rollback, manager restart, refused major upgrade, undeploy and deploy`, { timeout: 300_000 }, async (t) => {
    if (skipped(t, backend)) return;
    // Names of their own per case, so cases on other backends can run at the same time.
    const accounts = `pf${tag}`;
    const runner = privileged ? undefined : `${accounts}run`;
    const state = mkdtempSync(join(tmpdir(), `pf-stack-${backend}-`));
    chmodSync(state, 0o755);
    if (runner !== undefined) {
      spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', runner], { stdio: 'ignore' });
      const id = spawnSync('id', ['-u', runner], { encoding: 'utf8' });
      const gid = spawnSync('id', ['-g', runner], { encoding: 'utf8' });
      chownSync(state, Number(id.stdout), Number(gid.stdout));
    }
    const [db, cache, api, web] = await freePorts(4);
    const ports: Ports = { db: db!, cache: cache!, api: api!, web: web! };
    const flags = ['--state-dir', state, ...(backend === 'embedded' ? [] : ['-P', backend])];
    const cli = (args: string[], extra: object = {}) => {
      const withModel = (args[0] === 'switch' && !args.includes('--undeploy'));
      return run([...args, ...flags, ...(withModel ? ['-f', STACK_MODEL, '--extra-params', JSON.stringify({ ports, accounts, ...extra })] : [])], runner);
    };
    const manager = (action: 'start' | 'stop') => run(['manager', action, backend, '--state-dir', state], runner);
    // As root: the sandbox is the machine, and restarting its manager is a reboot.
    const reboot = () => {
      const result = spawnSync(SANDBOX, ['restart'], { encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}${result.stderr}` };
    };
    const ok = (what: string, r: ReturnType<typeof run>) => assert.equal(r.code, 0, `${what}: exit ${r.code}\n${r.output}`);
    const explain = (error: unknown): never => {
      const status = run(['status', ...flags], runner);
      throw new Error(`${(error as Error).message}\n--- procform status\n${status.output}`, { cause: error });
    };
    t.after(() => {
      cli(['switch', '--undeploy']);
      if (backend === 'embedded') run(['down', '--state-dir', state], runner);
      else if (MANAGERS[backend]) manager('stop');
      removeTree(state);
      for (const role of ROLES) spawnSync('userdel', [`${accounts}${role}`], { stdio: 'ignore' });
      for (const role of ROLES) spawnSync('groupdel', [`${accounts}${role}`], { stdio: 'ignore' });
      if (runner !== undefined) spawnSync('userdel', [runner], { stdio: 'ignore' });
    });

    const items = async (): Promise<string[]> => {
      const reply = await request(ports.web, '/items');
      assert.equal(reply.status, 200, reply.body);
      return (JSON.parse(reply.body) as { text: string }[]).map((i) => i.text);
    };
    const release = async (): Promise<string> => (JSON.parse((await request(ports.web, '/release')).body) as { release: string }).release;
    const job = async (payload: string): Promise<string> => {
      assert.equal((await request(ports.web, `/jobs?payload=${payload}`, 'POST')).status, 202);
      return waitFor(`the worker to record ${payload}`, async () => {
        const done = JSON.parse((await request(ports.web, '/jobs')).body) as { payload: string; doneBy: string }[];
        return done.find((j) => j.payload === payload)?.doneBy;
      }, 20_000);
    };
    const pids = () => ({ db: listenerPid(ports.db), cache: listenerPid(ports.cache), api: listenerPid(ports.api), web: listenerPid(ports.web) });

    if (MANAGERS[backend]) ok('manager start', manager('start'));
    ok('first deploy', cli(['switch', ...(SANDBOXED[backend] ? ['--enable'] : [])]));
    if (privileged) for (const role of ROLES) assert.ok(exists('passwd', `${accounts}${role}`), `the deployment created the account ${accounts}${role}`);
    try {
      assert.equal((await request(ports.web, `/items?text=${encodeURIComponent("it's a row")}`, 'POST')).status, 201);
      assert.deepEqual(await items(), ["it's a row"]);
      assert.equal(await job('j1'), 'worker-1');
    } catch (error) { explain(error); }
    const first = pids();
    if (SANDBOXED[backend]) {
      // Root's user manager applies User=: each service runs as its account; else all as the runner.
      const owner = (pid: number | null): string => spawnSync('ps', ['-o', 'user:32=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
      assert.deepEqual([owner(first.db), owner(first.cache), owner(first.api)], privileged ? [`${accounts}db`, `${accounts}cache`, `${accounts}app`] : [runner, runner, runner]);
    }

    // Only the application changes: PostgreSQL and Redis keep their processes (nginx, which
    // depends on the API, restarts with it, as every dependent of a changed process does).
    ok('switch to release 2', cli(['switch'], { release: 2 }));
    assert.equal(await release(), '2');
    const second = pids();
    assert.deepEqual({ db: second.db, cache: second.cache }, { db: first.db, cache: first.cache }, 'PostgreSQL and Redis kept their pids');
    assert.notEqual(second.api, first.api, 'the API restarted');
    assert.equal(await job('j2'), 'worker-2');

    ok('rollback', cli(['rollback']));
    assert.equal(await release(), '1');
    assert.equal(listenerPid(ports.db), first.db, 'the rollback left PostgreSQL running');
    assert.deepEqual(await items(), ["it's a row"]);

    // The manager goes down and comes back, as after a reboot.
    if (backend === 'embedded') {
      ok('down', run(['down', '--state-dir', state], runner));
    } else if (backend === 'sysvinit') {
      ok('init scripts stop', run(['sysvinit', 'run', 'stop', '--state-dir', state], runner));
    } else if (MANAGERS[backend]) {
      ok('manager stop', manager('stop'));
    } else if (SANDBOXED[backend]) {
      ok('reboot', reboot());
    }
    await waitFor('PostgreSQL to be stopped', () => first.db === null || !alive(first.db));
    if (backend === 'sysvinit') ok('init scripts start', run(['sysvinit', 'run', 'start', '--state-dir', state], runner));
    else if (!SANDBOXED[backend]) {
      if (MANAGERS[backend]) ok('manager start', manager('start'));
      ok('switch after the restart', cli(['switch']));
    }
    try {
      await waitFor('the API to answer through nginx again', async () => (await request(ports.web, '/health').catch(() => ({ status: 0 }))).status === 200, 30_000);
      assert.deepEqual(await items(), ["it's a row"], 'the row survived the restart');
    } catch (error) { explain(error); }

    // A new PostgreSQL major is a new on-disk format: refused, and nothing stops.
    const running = pids();
    const upgrade = cli(['switch', '--no-host-checks'], { postgresqlVersion: 16 });
    assert.equal(upgrade.code, 2, `a major upgrade without --migrate is refused\n${upgrade.output}`);
    assert.match(upgrade.output, /--migrate/);
    assert.deepEqual(pids(), running, 'the refused switch left every process running');

    ok('undeploy', cli(['switch', '--undeploy']));
    await waitFor('every listener to be gone', () => Object.values(running).every((pid) => pid === null || !alive(pid)));
    if (privileged) for (const role of ROLES) assert.ok(!exists('passwd', `${accounts}${role}`), `the undeploy removed ${accounts}${role}`);

    ok('deploy after the undeploy', cli(['switch']));
    try {
      assert.deepEqual(await items(), ["it's a row"], 'the data outlived the undeploy');
      assert.equal(await job('j3'), 'worker-1');
    } catch (error) { explain(error); }
  });
};

/** Registers the README's first command for the example: `up` in the foreground, a row through nginx, Ctrl-C. */
export const upCase = (tag: string): void => {
  test('embedded: the stack example runs in the foreground with up, answers through nginx, and Ctrl-C stops it', { timeout: 180_000 }, async (t) => {
    if (skipped(t, 'embedded')) return;
    const accounts = `pf${tag}`;
    const state = mkdtempSync(join(tmpdir(), 'pf-stack-up-'));
    chmodSync(state, 0o755);
    const [db, cache, api, web] = await freePorts(4);
    const ports: Ports = { db: db!, cache: cache!, api: api!, web: web! };
    const up = spawn(process.execPath, [bin, 'up', '-f', STACK_MODEL, '--state-dir', state, '--extra-params', JSON.stringify({ ports, accounts })], { env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    up.stdout.on('data', (c) => { output += c; });
    up.stderr.on('data', (c) => { output += c; });
    const exited = new Promise<number | null>((resolve) => up.once('exit', resolve));
    t.after(() => {
      up.kill('SIGKILL');
      removeTree(state);
      for (const role of ROLES) spawnSync('userdel', [`${accounts}${role}`], { stdio: 'ignore' });
      for (const role of ROLES) spawnSync('groupdel', [`${accounts}${role}`], { stdio: 'ignore' });
    });
    await waitFor('the stack to be up', () => /6 processes up/.test(output), 120_000).catch((error: Error) => assert.fail(`${error.message}\n${output}`));
    assert.equal((await request(ports.web, '/items?text=foreground', 'POST')).status, 201);
    assert.deepEqual(JSON.parse((await request(ports.web, '/items')).body).map((i: { text: string }) => i.text), ['foreground']);
    const pids = [listenerPid(ports.db), listenerPid(ports.web)];
    up.kill('SIGINT');
    assert.equal(await exited, 0, output);
    for (const pid of pids) assert.ok(pid !== null && !alive(pid), 'Ctrl-C stopped every process');
  });
};
