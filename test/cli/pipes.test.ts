// A reader that closes procform's output (`procform … | head`) ends the output quietly: no
// EPIPE stack trace, the command's own exit code, and a followed log stops following.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { removeTree } from '../../src/store/write.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/procform.js');

/** Runs procform with a stdout whose reader goes away after `keep` bytes (0: at once). */
const withClosedReader = (args: string[], keep = 0): Promise<{ code: number | null; stderr: string }> => new Promise((resolve) => {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let seen = 0;
  child.stderr.on('data', (c) => { stderr += c; });
  if (keep === 0) child.stdout.destroy();
  else child.stdout.on('data', (c: Buffer) => { seen += c.length; if (seen >= keep) child.stdout.destroy(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.once('exit', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
});

test('help and version into a closed pipe: exit 0, no stack trace', async () => {
  for (const args of [['--help'], ['image', '--help'], ['switch', '--help'], ['--version']]) {
    const run = await withClosedReader(args);
    assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /EPIPE|Error|at /, args.join(' '));
  }
});

test('logs -f stops following when its reader goes away', async (t) => {
  const state = mkdtempSync(join(tmpdir(), 'pf-pipes-'));
  t.after(() => {
    procform(['down', '--state-dir', state]);
    removeTree(state);
  });
  const model = join(root, 'test/fixtures/models/ticker.ts');
  const deployed = procform(['switch', '-f', model, '--state-dir', state, '--force-disable-user-change']);
  assert.equal(deployed.code, 0, deployed.stderr);
  // Like `procform logs -f | head -c 100`: the next line written after the reader left ends it.
  const run = await withClosedReader(['logs', '-f', '--state-dir', state], 100);
  assert.notEqual(run.code, null, 'logs -f ended by itself');
  assert.equal(run.code, 0, run.stderr);
});
