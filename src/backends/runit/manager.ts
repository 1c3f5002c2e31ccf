/**
 * Running runsvdir as a user-level manager on the scan directory under the state dir.
 * Stopping takes every service down with its own stop signal and timeout, then HUPs
 * runsvdir, which TERMs every runsv (each takes its service and logger down) and exits;
 * the stop waits until no runsv is left.
 * @module
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { BuildSettings } from '../../generation/settings.js';
import type { ManagerControl } from '../../deploy/activator.js';
import { runitPaths } from './paths.js';
import { stopService } from './activate.js';
import { runsvAlive, sv, until } from './sv.js';

/** Pid of the runsvdir of an instance, or null when it does not run. */
export const runsvdirPid = (settings: BuildSettings): number | null => {
  try {
    const pid = Number.parseInt(readFileSync(runitPaths(settings).pidFile, 'utf8'), 10);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') return null;
    return cmdline.startsWith('runsvdir\0') || cmdline.includes('/runsvdir\0') ? pid : null;
  } catch {
    return null;
  }
};

const serviceDirs = (scanDir: string): string[] => {
  try {
    return readdirSync(scanDir).filter((name) => !name.startsWith('.')).map((name) => `${scanDir}/${name}`);
  } catch {
    return [];
  }
};

const isRunning = async (settings: BuildSettings): Promise<boolean> => runsvdirPid(settings) !== null;

const start = async (settings: BuildSettings): Promise<void> => {
  if (await isRunning(settings)) return;
  const paths = runitPaths(settings);
  for (const dir of [paths.scanDir, paths.runtimeDir, paths.logDir]) mkdirSync(dir, { recursive: true });
  const log = openSync(paths.managerLog, 'a');
  try {
    const child = spawn('runsvdir', ['-P', paths.scanDir, `log: ${'.'.repeat(100)}`], { detached: true, stdio: ['ignore', log, log] });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid!));
    });
    child.unref();
    writeFileSync(paths.pidFile, `${pid}\n`);
  } finally {
    closeSync(log);
  }
  if (!(await until(() => runsvdirPid(settings) !== null, 5_000))) throw new Error('runsvdir did not start; see ' + paths.managerLog);
};

const stop = async (settings: BuildSettings): Promise<void> => {
  const paths = runitPaths(settings);
  const dirs = serviceDirs(paths.scanDir);
  await Promise.all(dirs.map((dir) => stopService(dir)));
  const pid = runsvdirPid(settings);
  if (pid !== null) {
    process.kill(pid, 'SIGHUP');
    await until(() => runsvdirPid(settings) === null, 10_000);
  }
  // Whatever runsv is left (runsvdir was already gone, or missed one) is told to exit.
  const all = [...dirs, ...dirs.map((dir) => `${dir}/log`), ...serviceDirs(paths.trashDir)];
  for (let attempt = 0; attempt < 50 && all.some(runsvAlive); attempt++) {
    await Promise.all(all.filter(runsvAlive).map((dir) => sv(['exit', dir])));
    await until(() => !all.some(runsvAlive), 1_000);
  }
  rmSync(paths.pidFile, { force: true });
};

/** Starts and stops runsvdir. */
export const manager: ManagerControl = { start, stop, isRunning };
