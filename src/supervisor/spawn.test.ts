import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, FIXTURE_PATH, plan, service, serviceSet, supervisor, tempDir, waitFor } from './test-harness.js';

/** What print-env.js saw. */
interface Facts {
  uid: number;
  gid: number;
  groups: number[];
  cwd: string;
  umask: string;
  env: Record<string, string>;
  nice: number;
  argv: string[];
}

const facts = (file: string): Promise<Facts> => waitFor(() => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Facts;
  } catch {
    return undefined;
  }
}, `${file} to be written`);

const asRoot = { skip: process.getuid?.() !== 0 && process.env.CI !== 'true' ? 'needs root (runs as root under CI=true)' : false };

test('the process gets exactly its environment, its directory, umask and nice', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const out = join(dir, 'facts.json');
  const environment = { PATH: FIXTURE_PATH, GREETING: 'hello world', EMPTY: '' };
  await sv.apply(serviceSet([service(dir, 'env', ['print-env.js', out, 'two words'], { environment, directory: dir, umask: '0027', nice: 7 })]), plan(['env']));
  const seen = await facts(out);
  assert.deepEqual(seen.env, environment);
  assert.equal(seen.cwd, dir);
  assert.equal(seen.umask, '0027');
  assert.equal(seen.nice, 7);
  assert.deepEqual(seen.argv, [out, 'two words']);
  assert.equal(process.umask(), 0o022, 'the supervisor keeps its own umask');
});

test('without PATH in its environment, bare commands resolve on the supervisor PATH', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t);
  const out = join(dir, 'facts.json');
  // The shebang's `env node` must still find node.
  await sv.apply(serviceSet([service(dir, 'env', [join(FIXTURES, 'print-env.js'), out], { environment: { ONLY: 'this' } })]), plan(['env']));
  const seen = await facts(out);
  assert.deepEqual(seen.env, { ONLY: 'this', PATH: process.env.PATH });
});

test('as root: state directories owned by the user, initialize as root, the process as the user', asRoot, async (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const sv = supervisor(t, { isRoot: true });
  const state = join(dir, 'state');
  const out = join(state, 'facts.json');
  const marker = join(dir, 'initialized-by');
  await sv.apply(serviceSet([service(dir, 'dropped', ['print-env.js', out], {
    user: 'nobody',
    stateDirs: [{ path: state, mode: '0750', user: 'nobody', group: 'nogroup' }, { path: join(dir, 'plain', 'deep'), mode: '0700', user: null, group: null }],
    initialize: `id -u > ${marker}`,
  })]), plan(['dropped']));
  const seen = await facts(out);
  assert.equal(seen.uid, 65534);
  assert.equal(seen.gid, 65534);
  assert.deepEqual(seen.groups, [65534]);
  assert.equal(readFileSync(marker, 'utf8').trim(), '0');
  assert.equal(statSync(marker).uid, 0);
  const stat = statSync(state);
  assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o7777], [65534, 65534, 0o750]);
  assert.equal(statSync(join(dir, 'plain', 'deep')).mode & 0o7777, 0o700);
});

test('as root: an exec readiness check runs as the user of the process, with its environment and directory', asRoot, async (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  const sv = supervisor(t, { isRoot: true });
  const state = join(dir, 'state');
  const out = join(state, 'probe');
  const result = await sv.apply(serviceSet([service(dir, 'checked', ['forever.js'], {
    user: 'nobody',
    directory: state,
    environment: { PATH: FIXTURE_PATH, MARK: 'from-the-service' },
    stateDirs: [{ path: state, mode: '0700', user: 'nobody', group: 'nogroup' }],
    readiness: { kind: 'exec', command: ['/bin/sh', '-c', `echo "$(id -un) $(id -gn) $(pwd) $MARK" > ${out}`], timeout: 10, interval: 0.05 },
  })]), plan(['checked']));
  assert.deepEqual(result.failed, []);
  assert.equal(readFileSync(out, 'utf8').trim(), `nobody nogroup ${state} from-the-service`);
});

test('without root privileges the user is ignored: the process runs as the caller', async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t, { isRoot: false });
  const out = join(dir, 'facts.json');
  await sv.apply(serviceSet([service(dir, 'caller', ['print-env.js', out], { user: 'nobody', stateDirs: [{ path: join(dir, 's'), mode: '0700', user: 'nobody', group: null }] })]), plan(['caller']));
  const seen = await facts(out);
  assert.equal(seen.uid, process.getuid?.());
  assert.equal(statSync(join(dir, 's')).uid, process.getuid?.());
});

test('a user that does not exist fails the start with its name', asRoot, async (t) => {
  const dir = tempDir(t);
  const sv = supervisor(t, { isRoot: true });
  const result = await sv.apply(serviceSet([service(dir, 'ghost', ['forever.js'], { user: 'no-such-user-here' })]), plan(['ghost']));
  assert.equal(result.failed[0]?.reason, 'user "no-such-user-here" does not exist');
});
