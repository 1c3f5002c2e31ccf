// The stack example on a real systemd --user manager, each profile in a sandbox of its own
// (scripts/systemd-user-sandbox; see run-stack.ts and inside-systemd.ts). Privileged: root's
// user manager, which runs each unit as the account the deployment created (User=), as the
// system manager would. Unprivileged: the manager of the ordinary user procform runs as.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { testInSandbox } from '../helpers/systemd-sandbox.js';

const inner = join(import.meta.dirname, 'inside-systemd.ts');

testInSandbox('systemd: the stack example (privileged) on root\'s user manager, units as their accounts', inner, {
  env: { PROCFORM_SYSTEMD_USER: '1', PROCFORM_STACK_PRIVILEGED: '1' },
});

testInSandbox('systemd: the stack example (unprivileged) on an ordinary user\'s manager', inner, {
  env: { PROCFORM_SYSTEMD_USER: undefined, PROCFORM_STACK_PRIVILEGED: undefined },
  // The user procform runs as (run-stack.ts names it) owns the manager, so it exists first.
  as: (t) => {
    const runner = 'pfsusdrun';
    assert.equal(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', runner]).status, 0, `useradd ${runner}`);
    t.after(() => spawnSync('userdel', [runner]));
    return runner;
  },
});
