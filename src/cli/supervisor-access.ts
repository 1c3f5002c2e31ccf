/**
 * Reaching the supervisor of a state dir from the CLI: its paths, a client, and starting
 * the daemon in the background when a command needs one.
 * @module
 */
import { makeDir } from '../system/private-dir.js';
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlError } from '../errors.js';
import { connectControl, supervisorRunning } from '../supervisor/client.js';
import type { SupervisorControl } from '../supervisor/control.js';
import { supervisorPaths, type SupervisorPaths } from '../supervisor/paths.js';
import { readLastLines } from '../logs/tail.js';
import { resolveParams, type ModelOptions } from './params.js';

// The daemon runs from one minified bundle: loading a single script instead of dozens of
// ES modules keeps its memory close to an idle node process.
const daemonMain = fileURLToPath(new URL('../supervisor/daemon.cjs', import.meta.url));

/**
 * The arguments of `node` that run the daemon. V8's lite mode gives up the optimizing
 * compiler, which the daemon's hot paths (native pipe reads and file writes) do not need,
 * for about 5 MiB less memory.
 */
export const daemonArguments = (runtimeDir: string, logDir: string): string[] =>
  ['--lite-mode', daemonMain, '--runtime-dir', runtimeDir, '--log-dir', logDir];

/** The supervisor paths for the directories the options select. */
export const pathsFor = (options: ModelOptions): SupervisorPaths => {
  const params = resolveParams(options, {});
  return supervisorPaths(params.runtimeDir, params.logDir);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the daemon unless one answers already; resolves once it answers. */
export const ensureDaemon = async (paths: SupervisorPaths, timeoutMs = 10_000): Promise<SupervisorControl> => {
  if (await supervisorRunning(paths.socket)) return connectControl(paths.socket);
  makeDir(dirname(paths.daemonLog), 0o750);
  // Not through a link: the daemon's output must not land in a file someone pointed it at.
  const log = openSync(paths.daemonLog, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o640);
  const runtimeDir = dirname(paths.dir);
  const logDir = dirname(dirname(paths.daemonLog));
  const child = spawn(process.execPath, daemonArguments(runtimeDir, logDir), { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  let exited: number | null = null;
  child.once('exit', (code) => { exited = code ?? 111; });
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await supervisorRunning(paths.socket)) return connectControl(paths.socket);
    if (exited !== null) break;
    await sleep(25);
  }
  const tail = readLastLines(paths.daemonLog, 5).join('\n  ');
  throw new ControlError(`the supervisor daemon did not start${exited !== null ? ` (exit ${exited})` : ''}`, `its log ${paths.daemonLog} ends with:\n  ${tail}`);
};
