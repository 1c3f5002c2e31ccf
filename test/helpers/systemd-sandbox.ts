// A real systemd --user manager for tests, through the project's own sandbox script
// (scripts/systemd-user-sandbox): the only way the tests ever start systemd.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The sandbox script. */
export const SANDBOX = join(root, 'scripts/systemd-user-sandbox');

/** Why no sandbox can be made here, or false; under CI a reason fails the test instead. */
export const sandboxUnavailable = (): string | false => {
  const why = process.getuid?.() !== 0 ? 'the systemd sandbox needs root'
    : !existsSync('/usr/lib/systemd/systemd') && !existsSync('/lib/systemd/systemd') ? 'systemd is not installed'
    : false;
  if (why !== false && process.env.CI === 'true') assert.fail(why);
  return why;
};

/** Runs the sandbox script with `args`; its output as text. */
export const sandbox = (args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout?: number } = {}): SpawnSyncReturns<string> =>
  spawnSync(SANDBOX, args, { cwd: root, encoding: 'utf8', env: options.env ?? process.env, timeout: options.timeout ?? 120_000, maxBuffer: 64 << 20 });

/** A fresh state directory for one sandbox, removed after the test; searchable by every user. */
export const sandboxState = (t: TestContext): string => {
  const state = mkdtempSync(join(tmpdir(), 'procform-sdsandbox-'));
  chmodSync(state, 0o755);
  t.after(() => removeTree(state));
  return state;
};

/**
 * Registers a test that runs the node:test file `file` inside a sandbox (its manager as root,
 * or as `as`), and passes when every test of that file passed and none was skipped.
 */
export const testInSandbox = (name: string, file: string, options: { as?: (t: TestContext) => string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): void => {
  const timeout = options.timeout ?? 300_000;
  test(name, { timeout: timeout + 20_000 }, (t) => {
    const why = sandboxUnavailable();
    if (why !== false) {
      t.skip(why);
      return;
    }
    const state = sandboxState(t);
    // Without NODE_TEST_CONTEXT the inner runner reports as a top-level run, to stdout.
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
    delete env.NODE_TEST_CONTEXT;
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    const as = options.as?.(t);
    const out = sandbox([
      'run', ...(as === undefined ? [] : ['--as', as]), state, '--',
      process.execPath, '--import', 'tsx', '--test', '--test-reporter=spec', file,
    ], { env, timeout });
    t.diagnostic(out.stdout.split('\n').filter((l) => /^\s*(✔|✖|ℹ (tests|pass|fail|skipped|duration_ms))/.test(l)).join('\n'));
    assert.equal(out.status, 0, `${out.stdout.slice(-8000)}\n${out.stderr.slice(-4000)}`);
    assert.match(out.stdout, /ℹ pass [1-9]/);
    assert.match(out.stdout, /ℹ fail 0/);
    assert.match(out.stdout, /ℹ skipped 0/);
  });
};
