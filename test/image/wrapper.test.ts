// The start script of a supervisord or s6 image, run with stand-ins for the manager and
// for procform image-up: a stop reaches both and the script exits with the manager's code;
// when image-up leaves its failure marker (and ends the manager), the script exits 1.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wrapperScript } from '../../src/image/manager-wrapper.js';
import { alive, waitFor } from '../helpers/wait.js';

const dir = mkdtempSync(join(tmpdir(), 'pf-image-wrapper-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const script = (name: string, lines: readonly string[]): string => {
  const path = join(dir, name);
  writeFileSync(path, ['#!/bin/sh', ...lines, ''].join('\n'));
  chmodSync(path, 0o755);
  return path;
};

const log = join(dir, 'log');
const pidFile = join(dir, 'manager.pid');
const marker = join(dir, 'run', 'failed');
const trapped = join(dir, 'trapped');
/** A manager that runs until SIGTERM, then exits 0; `trapped` exists once it listens for it. */
const manager = script('manager', [`trap 'echo manager stopped >> ${log}; exit 0' TERM`, `touch ${trapped}`, 'while :; do sleep 0.1; done']);
/** Shell lines that wait until the manager stand-in would hear a SIGTERM (on a busy machine it may not have started). */
const awaitManager = `while [ ! -e ${trapped} ]; do sleep 0.05; done`;

const run = (starter: string): { exit: Promise<number | null>; pid: number; stderr: () => string } => {
  rmSync(trapped, { force: true });
  const text = wrapperScript({ purpose: 'test', directories: [join(dir, 'run')], prepare: [], manager: [manager], pidFile, marker }, [starter]);
  const child = spawn('/bin/sh', ['-c', text], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return { exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))), pid: child.pid!, stderr: () => stderr };
};

test('a stop ends the starter and reaches the manager; the script exits with the manager\'s code', async () => {
  writeFileSync(log, '');
  const starterPid = join(dir, 'starter.pid');
  const starter = script('starter-slow', [`echo $$ > ${starterPid}`, 'exec sleep 30']);
  const wrapper = run(starter);
  const pid = await waitFor('the starter', () => (existsSync(starterPid) && readFileSync(starterPid, 'utf8').trim() !== '' ? Number(readFileSync(starterPid, 'utf8')) : undefined), 10_000);
  process.kill(wrapper.pid, 'SIGTERM');
  assert.equal(await wrapper.exit, 0, wrapper.stderr());
  assert.equal(readFileSync(log, 'utf8'), 'manager stopped\n');
  assert.equal(alive(pid), false, 'the starter was ended');
});

test('when image-up leaves its marker and ends the manager, the script exits 1 and says why', async () => {
  writeFileSync(log, '');
  const starter = script('starter-fails', [awaitManager, `echo 'migrate: exit code 3' > ${marker}`, `kill -TERM "$(cat ${pidFile})"`]);
  const wrapper = run(starter);
  assert.equal(await wrapper.exit, 1);
  assert.match(wrapper.stderr(), /did not come up: migrate: exit code 3/);
  assert.equal(readFileSync(log, 'utf8'), 'manager stopped\n');
  // The next start removes an old marker: a manager ending by itself exits with its own code.
  const quiet = script('starter-ok', [awaitManager, `kill -TERM "$(cat ${pidFile})"`]);
  assert.equal(await run(quiet).exit, 0);
});
