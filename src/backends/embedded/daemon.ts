/**
 * The supervisor daemon of a state dir: started in the background when a switch needs one
 * and none answers on its socket, and stopped with everything it runs.
 * @module
 */
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ControlError } from '../../errors.js';
import { readLastLines } from '../../logs/tail.js';
import { makeDir } from '../../system/private-dir.js';
import { connectControl, supervisorRunning } from './client.js';
import type { SupervisorControl } from './control.js';
import type { SupervisorPaths } from './paths.js';

// The daemon runs from one minified bundle: loading a single script instead of dozens of
// ES modules keeps its memory close to an idle node process. Beside this module in dist/;
// when this module runs from src/ (tests, tsx), from the package's dist/, which npm run build makes.
const bundled = fileURLToPath(new URL('../../supervisor/daemon.cjs', import.meta.url));
const daemonMain = existsSync(bundled) ? bundled : fileURLToPath(new URL('../../../dist/supervisor/daemon.cjs', import.meta.url));

/**
 * The arguments of `node` that run the daemon. V8's lite mode gives up the optimizing
 * compiler, which the daemon's hot paths (native pipe reads and file writes) do not need,
 * for about 5 MiB less memory.
 */
export const daemonArguments = (runtimeDir: string, logDir: string): string[] =>
  ['--lite-mode', daemonMain, '--runtime-dir', runtimeDir, '--log-dir', logDir];

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

/** Stops every process and then the daemon; resolves once it no longer answers, or after 30 s. */
export const stopDaemon = async (paths: SupervisorPaths): Promise<void> => {
  await connectControl(paths.socket).shutdown();
  const deadline = Date.now() + 30_000;
  while (existsSync(paths.socket) && (await supervisorRunning(paths.socket)) && Date.now() < deadline) await sleep(25);
};
