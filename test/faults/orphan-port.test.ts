// Fault: a process left over from an earlier deployment (or from a supervisor that was
// killed) still listens on the port a new process's TCP readiness probe checks. Expected:
// the probe is not fooled by the orphan's answer; the switch fails and says which pid holds
// the port and that it is not the new process, instead of reporting the process ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { listenerPid } from '../helpers/listeners.js';
import { firstMissing } from '../helpers/programs.js';
import { freePorts, waitFor } from '../helpers/wait.js';
import { removeTree } from '../../src/store/write.js';

const model = fileURLToPath(new URL('../fixtures/models/faults.ts', import.meta.url));

/** The manager programs each backend needs. */
const PROGRAMS: Record<string, readonly string[]> = { embedded: [], supervisord: ['supervisord', 'supervisorctl'], runit: ['runsvdir', 'sv'] };

for (const backend of ['embedded', 'supervisord', 'runit']) {
  test(`${backend}: a port held by an orphan does not make a new process ready`, { timeout: 120_000 }, async (t) => {
    const missing = firstMissing(PROGRAMS[backend]!);
    if (missing !== undefined) {
      t.skip(`${missing} is missing`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), `pf-faults-orphan-${backend}-`));
    const state = join(dir, 'state');
    const base = ['--state-dir', state, ...(backend === 'embedded' ? [] : ['-P', backend])];
    const [port] = await freePorts(1);
    // The orphan: a listener no supervisor of this state dir started.
    const orphan = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1')`], { detached: true, stdio: 'ignore' });
    t.after(() => {
      orphan.kill('SIGKILL');
      procform(['switch', '--undeploy', '-q', ...base], { timeout: 60_000 });
      if (backend === 'embedded') procform(['down', ...base], { timeout: 30_000 });
      else procform(['manager', 'stop', backend, '--state-dir', state], { timeout: 30_000 });
      removeTree(dir);
    });
    await waitFor('the orphan to listen', () => listenerPid(port!) === orphan.pid);
    if (backend !== 'embedded') assert.equal(procform(['manager', 'start', backend, '--state-dir', state], { timeout: 30_000 }).code, 0);

    const run = procform(['switch', '-f', model, ...base, '--force-disable-user-change', '--extra-params', JSON.stringify({ waitPort: port, waitTimeout: 3 })], { timeout: 90_000 });
    assert.notEqual(run.code, 0, `the switch does not take the orphan's answer for the new process's:\n${run.stderr}`);
    assert.match(run.stderr, new RegExp(`port ${port} is held by pid ${orphan.pid} \\(\\S*node -e .*\\), not by waiting`), run.stderr);
  });
}
