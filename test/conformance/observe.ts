// `procform status`, `logs`, `restart`, `stop` and `start` on a deployment made through a
// backend's activator, through the built CLI as a user runs them, against the real manager:
// the two-process model test/fixtures/models/observed.ts (app depends on db, db declares
// log readiness). Every backend that runs here calls runObserveCase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../../src/store/write.js';
import { procform } from '../helpers/cli.js';
import { firstMissing } from '../helpers/programs.js';
import { alive, waitFor } from '../helpers/wait.js';

const model = fileURLToPath(new URL('../fixtures/models/observed.ts', import.meta.url));

/** One process in `procform status --json` of a deployment. */
interface Process { instance: string; name: string; state: string; pid: number | null; since: number | null; restarts: number | null; ready: boolean | null }

/** `procform status --json` of a deployment. */
interface Status { backend: string; number: number; generation: string; pid: number | null; processes: Process[]; unknown: string[] }

/** What a backend's case needs. */
export interface ObserveCase {
  readonly backend: string;
  /** Whether `procform manager start BACKEND` runs its manager first. */
  readonly manager: boolean;
  /** Extra `switch` arguments (`-o` options). */
  readonly switchArgs?: readonly string[];
  /** Environment of every procform run (the container engine, say). */
  readonly env?: Record<string, string>;
  /** Programs the manager needs: the test is skipped without them (and fails under CI). */
  readonly commands?: readonly string[];
  /** Another reason to skip (no root, no container engine). */
  readonly skip?: string | false;
  /** Whether the manager itself waits for a log readiness, so that status can tell it. @default false */
  readonly knowsReadiness?: boolean;
}


/** Registers the status/logs/control test of one backend. */
export const runObserveCase = ({ backend, manager, switchArgs = [], env = {}, commands = [], skip = false, knowsReadiness = false }: ObserveCase): void => {
  const absent = firstMissing(commands);
  const reason = skip || (absent === undefined ? false : `${absent} is not installed`);
  test(`${backend}: procform status, logs, restart, stop and start on the deployment`, { timeout: 300_000, skip: process.env.CI === 'true' ? false : reason }, async (t) => {
    assert.ok(absent === undefined, `${absent} is not installed (.ci/run installs it)`);
    const state = mkdtempSync(join(tmpdir(), `pf-observe-${backend}-`));
    chmodSync(state, 0o755);
    const run = (args: readonly string[]) => procform([...args, '--state-dir', state], { env });
    const ok = (args: readonly string[]) => {
      const result = run(args);
      assert.equal(result.code, 0, `procform ${args.join(' ')}: ${result.stderr}`);
      return result;
    };
    t.after(() => {
      run(['switch', '-P', backend, '--undeploy', '-q']);
      if (manager) run(['manager', 'stop', backend]);
      removeTree(state);
    });
    if (manager) ok(['manager', 'start', backend]);
    ok(['switch', '-P', backend, '-q', '-f', model, '--force-disable-user-change', ...switchArgs]);

    // No -P and no embedded supervisor: the one deployment of the state dir.
    const status = (): Status => JSON.parse(ok(['status', '--json']).stdout) as Status;
    const byName = (s: Status): Record<string, Process> => Object.fromEntries(s.processes.map((p) => [p.instance, p]));
    const first = status();
    assert.equal(first.backend, backend);
    assert.equal(first.number, 1);
    assert.deepEqual(first.processes.map((p) => p.instance), ['db', 'app'], 'in start order');
    const up = byName(first);
    // db declares log readiness: up and ready when the manager waits for it, else up with
    // readiness unknown, since only procform probes it (during a switch).
    const dbUp = knowsReadiness ? 'ready' : 'running';
    assert.deepEqual([up.db!.state, up.db!.ready], knowsReadiness ? ['ready', true] : ['running', null]);
    assert.deepEqual([up.app!.state, up.app!.ready], ['ready', true]);
    for (const p of first.processes) {
      assert.ok(p.pid !== null && alive(p.pid), `${p.instance}'s pid ${p.pid} is alive`);
      assert.equal(p.name, p.instance);
    }
    assert.deepEqual(JSON.parse(ok(['status', '--json', '-P', backend]).stdout).processes.map((p: Process) => p.pid), first.processes.map((p) => p.pid), '-P names the same deployment');
    const text = ok(['status', '-P', backend]).stdout;
    assert.match(text, new RegExp(`^${backend}\\b.*generation 1 \\(`));
    assert.match(text, /^NAME +STATE +PID +UPTIME +RESTARTS +READY +LAST EXIT$/m);
    if (knowsReadiness) assert.match(text, new RegExp(`^db +ready +${up.db!.pid} .* yes `, 'm'));
    else assert.match(text, new RegExp(`^db +running +${up.db!.pid} .* — `, 'm'), 'the unknown readiness reads —');

    // Logs: every process with a name prefix, or one without; what the processes printed.
    const logs = await waitFor('both processes\' output in the logs', () => {
      const out = ok(['logs', '-n', '5']).stdout;
      return /^db \| db ready$/m.test(out) && /^app \| app serving$/m.test(out) && out;
    });
    assert.match(logs, /^app \| app \d+ starting$/m, 'stderr is shown too');
    const dbOnly = ok(['logs', 'db', '-n', '5']).stdout;
    assert.match(dbOnly, /^db ready$/m);
    assert.doesNotMatch(dbOnly, /app/);

    // restart of the dependency restarts its running dependent too.
    ok(['restart', 'db', '-q']);
    const restarted = byName(status());
    assert.notEqual(restarted.db!.pid, up.db!.pid, 'db has a new process');
    assert.notEqual(restarted.app!.pid, up.app!.pid, 'app, which depends on db, restarted too');
    for (const p of Object.values(restarted)) assert.ok(p.pid !== null && alive(p.pid), `${p.instance} (${p.pid}) runs`);
    await waitFor('the old processes to be gone', () => !alive(up.db!.pid!) && !alive(up.app!.pid!));

    // stop of the dependency stops the dependent first; start of the dependent starts the dependency first.
    ok(['stop', 'db', '-q']);
    const stopped = byName(status());
    assert.deepEqual([stopped.db!.state, stopped.app!.state, stopped.db!.pid, stopped.app!.pid], ['down', 'down', null, null]);
    await waitFor('the stopped processes to be gone', () => !alive(restarted.db!.pid!) && !alive(restarted.app!.pid!));
    ok(['start', 'app', '-q']);
    const started = byName(status());
    assert.deepEqual([started.db!.state, started.app!.state], [dbUp, 'ready']);
    for (const p of Object.values(started)) assert.ok(p.pid !== null && alive(p.pid), `${p.instance} (${p.pid}) runs again`);

    const unknown = run(['restart', 'nope']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown process "nope"[\s\S]*known processes: app, db/);
  });
};
