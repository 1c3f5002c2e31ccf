// scripts/systemd-user-sandbox: the layouts it refuses, and a real manager in it, contained:
// units in cgroups below the sandbox's own (under the caller's) and in a cgroup namespace,
// nothing of it left afterwards, COMMAND's exit status, restart as a reboot, a manager run as
// another user, and an interrupted run that still stops its units and removes its cgroups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from '../../../src/store/write.js';
import { waitFor } from '../../helpers/wait.js';
import { SANDBOX, sandbox, sandboxState, sandboxUnavailable } from '../../helpers/systemd-sandbox.js';

const HYBRID_CGROUP = `4:memory:/work/a
1:name=systemd:/work/a
0::/work/a
`;
const HYBRID_MOUNTS = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
35 31 0:32 / /sys/fs/cgroup/memory rw,nosuid,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime shared:9 - cgroup cgroup rw,xattr,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;

const layout = (cgroup: string, mounts: string, types: [string, string, string]) => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-sdlayout-'));
  try {
    writeFileSync(join(dir, 'cgroup'), cgroup);
    writeFileSync(join(dir, 'mountinfo'), mounts);
    return spawnSync(SANDBOX, ['__layout', join(dir, 'cgroup'), join(dir, 'mountinfo'), ...types], { encoding: 'utf8' });
  } finally {
    removeTree(dir);
  }
};

test('systemd sandbox: the cgroup layouts it understands, and where it would nest', () => {
  const hybrid = layout(HYBRID_CGROUP, HYBRID_MOUNTS, ['tmpfs', 'cgroupfs', 'cgroup2fs']);
  assert.equal(hybrid.status, 0, hybrid.stderr);
  assert.deepEqual(hybrid.stdout.trim().split('\n'), [
    'tracked /sys/fs/cgroup/systemd/work/a',
    'tracked /sys/fs/cgroup/unified/work/a',
    'cgroup /sys/fs/cgroup/memory/work/a',
    'cgroup /sys/fs/cgroup/systemd/work/a',
    'cgroup /sys/fs/cgroup/unified/work/a',
    'mount cgroup /sys/fs/cgroup/memory rw,nosuid,relatime,rw,memory',
    // A v1 hierarchy without controllers is mounted again with "none", not with all of them.
    'mount cgroup /sys/fs/cgroup/systemd rw,relatime,rw,xattr,name=systemd,none',
    'mount cgroup2 /sys/fs/cgroup/unified rw,relatime,rw',
  ]);

  const unified = layout('0::/user.slice/x\n', '30 23 0:27 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n', ['cgroup2fs', 'none', 'none']);
  assert.equal(unified.status, 0, unified.stderr);
  assert.match(unified.stdout, /^tracked \/sys\/fs\/cgroup\/user\.slice\/x$/m);

  // A container's view: the mount shows only its part of the hierarchy.
  const container = layout('0::/docker/abc/inner\n', '30 23 0:27 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', ['cgroup2fs', 'none', 'none']);
  assert.equal(container.status, 0, container.stderr);
  assert.match(container.stdout, /^tracked \/sys\/fs\/cgroup\/inner$/m);
});

test('systemd sandbox: a cgroup layout it does not understand is refused with 125', () => {
  const refusals: [string, string, string, [string, string, string], RegExp][] = [
    ['no name=systemd hierarchy', '4:memory:/a\n0::/a\n', HYBRID_MOUNTS, ['tmpfs', 'none', 'cgroup2fs'], /without the name=systemd hierarchy/],
    ['name=systemd elsewhere', HYBRID_CGROUP, HYBRID_MOUNTS.replace('/sys/fs/cgroup/systemd rw', '/mnt/systemd rw'), ['tmpfs', 'cgroupfs', 'cgroup2fs'], /name=systemd hierarchy is mounted at \/mnt\/systemd/],
    ['name=systemd not mounted', HYBRID_CGROUP, HYBRID_MOUNTS.replace(/^40 .*\n/m, ''), ['tmpfs', 'cgroupfs', 'cgroup2fs'], /name=systemd hierarchy is not mounted/],
    ['unified elsewhere', '0::/a\n', '30 23 0:27 / /mnt/cg rw - cgroup2 cgroup2 rw\n', ['cgroup2fs', 'none', 'none'], /unified hierarchy is mounted at \/mnt\/cg/],
    ['outside the cgroup namespace', '0::/../b\n', '30 23 0:27 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', ['cgroup2fs', 'none', 'none'], /outside this cgroup namespace/],
    ['outside the mounted part', '0::/other\n', '30 23 0:27 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n', ['cgroup2fs', 'none', 'none'], /outside the part \(\/docker\/abc\)/],
    ['not a cgroup file system', '0::/a\n', '', ['ext4', 'none', 'none'], /\/sys\/fs\/cgroup is ext4/],
    ['no unified cgroup of its own', HYBRID_CGROUP.replace('0::/work/a\n', ''), HYBRID_MOUNTS, ['tmpfs', 'cgroupfs', 'cgroup2fs'], /no cgroup of the unified hierarchy/],
  ];
  for (const [what, cgroup, mounts, types, message] of refusals) {
    const out = layout(cgroup, mounts, types);
    assert.equal(out.status, 125, `${what}: ${out.stdout}${out.stderr}`);
    assert.match(out.stderr, message, what);
    assert.equal(out.stdout, '', `${what}: nothing found`);
  }
});

test('systemd sandbox: usage errors, and restart outside a sandbox, are refused with 125', () => {
  for (const args of [[], ['run'], ['run', '/tmp/x', 'true'], ['run', '--as'], ['frobnicate'], ['restart', 'now']]) {
    const out = spawnSync(SANDBOX, args, { encoding: 'utf8' });
    assert.equal(out.status, 125, args.join(' '));
    assert.match(out.stderr, /usage: systemd-user-sandbox run/, args.join(' '));
  }
  const outside = spawnSync(SANDBOX, ['restart'], { encoding: 'utf8', env: { ...process.env, SYSTEMD_USER_SANDBOX: '' } });
  assert.equal(outside.status, 125);
  assert.match(outside.stderr, /restart runs only inside/);
});

test('systemd sandbox: an ordinary user is refused before anything is made', { skip: process.getuid?.() !== 0 ? 'needs root to become an ordinary user' : false }, (t) => {
  const state = sandboxState(t);
  const out = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', '--', SANDBOX, 'run', join(state, 'x'), '--', 'true'], { encoding: 'utf8' });
  assert.equal(out.status, 125);
  assert.match(out.stderr, /needs root/);
  assert.ok(!existsSync(join(state, 'x')), 'nothing was made');
});

/** This process's cgroup directories (where a sandbox nests), for each mounted hierarchy. */
const ownCgroupDirs = (): string[] => {
  const out = spawnSync(SANDBOX, ['check'], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  return [...out.stdout.matchAll(/^a sandbox would be made below (\S+)/gm)].map((m) => m[1]!);
};

const leftovers = (dirs: readonly string[]): string[] =>
  dirs.flatMap((dir) => readdirSync(dir).filter((name) => name.startsWith('systemd-user-sandbox.')).map((name) => `${dir}/${name}`));

test('systemd sandbox: a real manager, contained, restarted as at a reboot, and gone afterwards', { timeout: 120_000 }, (t) => {
  const why = sandboxUnavailable();
  if (why !== false) return t.skip(why);
  const state = sandboxState(t);
  const dirs = ownCgroupDirs();
  const mine = new Set(leftovers(dirs));
  const pid1 = readFileSync('/proc/1/cgroup', 'utf8');
  const script = join(state, 'inside.sh');
  writeFileSync(script, `set -eu
unit_dir=$XDG_CONFIG_HOME/systemd/user
printf '[Service]\\nExecStart=/bin/sleep 600\\n[Install]\\nWantedBy=default.target\\n' >"$unit_dir/kept.service"
systemctl --user daemon-reload
systemctl --user enable --now kept.service 2>/dev/null
systemd-run --user --quiet --unit=once /bin/sleep 600
systemd-run --user --quiet -p StandardOutput=file:${state}/unit-view cat /proc/self/cgroup
for _ in $(seq 1 100); do [ -s "${state}/unit-view" ] && break; sleep 0.05; done
pid=$(systemctl --user show -p MainPID --value kept.service)
cat "/proc/$pid/cgroup" >"${state}/machine-view"
echo "$pid" >"${state}/before"
"${SANDBOX}" restart
systemctl --user show -p MainPID --value kept.service >"${state}/after"
systemctl --user is-active once.service >"${state}/once" || true
exit 7
`);
  const out = sandbox(['run', state, '--', 'bash', script]);
  assert.equal(out.status, 7, `COMMAND's exit status\n${out.stdout}${out.stderr}`);
  // The unit sees itself at the root of a cgroup namespace...
  assert.match(readFileSync(join(state, 'unit-view'), 'utf8'), /^0::\/app\.slice\/run-[^/\n]+\.service$/m);
  // ...which the machine sees as a manager's cgroup in a fresh sandbox below the test's own cgroup.
  const machine = readFileSync(join(state, 'machine-view'), 'utf8');
  const unified = machine.split('\n').find((l) => l.startsWith('0::'))!;
  const own = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.startsWith('0::'))!.slice(3).replace(/\/$/, '');
  assert.match(unified, new RegExp(`^0::${own}/systemd-user-sandbox\\.\\d+\\.\\d+/manager\\.1/app\\.slice/kept\\.service$`));
  // The restart is a reboot: the enabled unit came back as a new process, the transient one did not.
  const before = readFileSync(join(state, 'before'), 'utf8').trim();
  const after = readFileSync(join(state, 'after'), 'utf8').trim();
  assert.match(after, /^[1-9]\d*$/);
  assert.notEqual(after, before);
  assert.equal(readFileSync(join(state, 'once'), 'utf8').trim(), 'inactive');
  assert.match(readFileSync(join(state, 'sandbox/manager.log'), 'utf8'), /Activating special unit exit\.target/);
  assert.deepEqual(leftovers(dirs).filter((d) => !mine.has(d)), [], 'no cgroup of the sandbox is left');
  assert.equal(readFileSync('/proc/1/cgroup', 'utf8'), pid1);
});

test('systemd sandbox: --as runs the manager and its units as that user', { timeout: 60_000 }, (t) => {
  const why = sandboxUnavailable();
  if (why !== false) return t.skip(why);
  const user = `pfsdbx${process.pid % 100000}`;
  assert.equal(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]).status, 0);
  t.after(() => spawnSync('userdel', [user]));
  const state = sandboxState(t);
  const out = sandbox(['run', '--as', user, state, '--', 'bash', '-c', `set -eu
runuser -u ${user} -- systemd-run --user --quiet -p StandardOutput=file:${state}/runtime/who id -un
for _ in $(seq 1 100); do [ -s ${state}/runtime/who ] && break; sleep 0.05; done
cat ${state}/runtime/who
ps -o user:32= -C systemd`]);
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(out.stdout.trim().split('\n'), [user, user]);
});

test('systemd sandbox: an interrupted run stops its units and removes its cgroups', { timeout: 60_000 }, async (t) => {
  const why = sandboxUnavailable();
  if (why !== false) return t.skip(why);
  const state = sandboxState(t);
  const dirs = ownCgroupDirs();
  const mine = new Set(leftovers(dirs));
  const stopped = join(state, 'stopped');
  const child = spawn(SANDBOX, ['run', state, '--', 'bash', '-c',
    `systemd-run --user --quiet --unit=slow -p ExecStop='/bin/touch ${stopped}' /bin/sleep 600 && touch ${state}/up && exec sleep 600`], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal === null ? null : -1))));
  await waitFor('the unit to run', () => existsSync(join(state, 'up')), 30_000);
  child.kill('SIGTERM');
  assert.equal(await exited, 143);
  assert.ok(existsSync(stopped), 'the unit was stopped as at a shutdown, not killed');
  assert.deepEqual(leftovers(dirs).filter((d) => !mine.has(d)), []);
});
