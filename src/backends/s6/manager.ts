/**
 * Running s6-svscan as a user-level daemon on a scan directory under the state dir, and
 * the small s6 command helpers the activator shares.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { DeployError } from '../../errors.js';
import type { BuildSettings } from '../../generation/settings.js';
import type { ManagerControl } from '../../deploy/activator.js';

/** Where the s6 instance keeps its files. */
export interface S6Paths {
  /** The scan directory s6-svscan watches; one service directory per instance. */
  readonly scanDir: string;
  readonly runDir: string;
  readonly pidFile: string;
  readonly logDir: string;
  readonly svscanLog: string;
}

/** Paths of the s6 instance for these settings. */
export const s6Paths = (settings: BuildSettings): S6Paths => {
  const runDir = `${settings.runtimeDir}/procform/s6`;
  const logDir = `${settings.logDir}/procform/s6`;
  return {
    scanDir: `${settings.libDir}/procform/managers/s6/scan`,
    runDir,
    pidFile: `${runDir}/s6-svscan.pid`,
    logDir,
    svscanLog: `${logDir}/s6-svscan.log`,
  };
};

/** Result of running an s6 tool. */
export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an s6 tool; never throws for a non-zero exit. */
export const tool = (command: string, args: readonly string[], timeoutMs = 30_000): Promise<ToolResult> =>
  new Promise((resolve) => {
    execFile(command, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 127;
      resolve({ code, stdout, stderr: error !== null && stderr === '' ? error.message : stderr });
    });
  });

/** Sleeps without holding the event loop hostage. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it returns true or the deadline passes. */
export const pollUntil = async (check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await pause(everyMs);
  }
};

/** True when a process with this pid exists and is not a zombie. */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
};

/** Pid of the s6-svscan of an instance, or null when it does not run. */
export const svscanPid = (paths: S6Paths): number | null => {
  try {
    const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return null;
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return comm === 's6-svscan' ? pid : null;
  } catch {
    return null;
  }
};

/**
 * Service directories of the scan dir (names not starting with a dot). s6-rc links its live
 * service directories into the scan dir, so a link to a directory counts as one.
 */
export const serviceNames = (scanDir: string): string[] => {
  try {
    return readdirSync(scanDir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || (e.isSymbolicLink() && isDirectory(`${scanDir}/${e.name}`))))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
};

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** Pid of the supervised process of a service directory, or null. */
export const servicePid = async (dir: string): Promise<number | null> => {
  const result = await tool('s6-svstat', ['-o', 'pid', dir]);
  const pid = Number(result.stdout.trim());
  return result.code === 0 && Number.isInteger(pid) && pid > 0 ? pid : null;
};

/** What a manager built on s6-svscan does around starting and stopping it. */
export interface SvscanHooks {
  /** Runs before a new s6-svscan starts on the scan dir (not when one already runs). */
  readonly beforeStart?: (settings: BuildSettings) => void;
  /** Runs after s6-svscan and everything it supervised are gone. */
  readonly afterStop?: (settings: BuildSettings) => void;
}

/** A manager running s6-svscan in the background on the scan dir `pathsOf` names. */
export const svscanManager = (pathsOf: (settings: BuildSettings) => S6Paths, hooks: SvscanHooks = {}): ManagerControl => {
  const isRunning = async (settings: BuildSettings): Promise<boolean> => {
    const paths = pathsOf(settings);
    return svscanPid(paths) !== null && existsSync(`${paths.scanDir}/.s6-svscan/control`);
  };
  return {
    isRunning,
    async start(settings) {
      if (await isRunning(settings)) return;
      const paths = pathsOf(settings);
      hooks.beforeStart?.(settings);
      for (const dir of [paths.scanDir, paths.runDir, paths.logDir]) mkdirSync(dir, { recursive: true });
      const out = openSync(paths.svscanLog, 'a');
      try {
        const child = spawn('s6-svscan', [paths.scanDir], { detached: true, stdio: ['ignore', out, out] });
        const spawned = await new Promise<number>((resolve, reject) => {
          child.once('spawn', () => resolve(child.pid!));
          child.once('error', (error) => reject(new DeployError(`cannot start s6-svscan: ${error.message}`, false)));
        });
        child.unref();
        writeFileSync(paths.pidFile, `${spawned}\n`);
      } finally {
        closeSync(out);
      }
      const up = await pollUntil(async () => (await tool('s6-svscanctl', ['-a', paths.scanDir])).code === 0, 10_000);
      if (!up) throw new DeployError(`s6-svscan did not come up on ${paths.scanDir} (see ${paths.svscanLog})`, false);
    },
    async stop(settings) {
      const paths = pathsOf(settings);
      const pid = svscanPid(paths);
      if (pid === null) {
        rmSync(paths.pidFile, { force: true });
        hooks.afterStop?.(settings);
        return;
      }
      // Everything supervised now, so stopping waits until each is gone.
      const supervised: number[] = [];
      for (const name of serviceNames(paths.scanDir)) {
        for (const dir of [`${paths.scanDir}/${name}`, `${paths.scanDir}/${name}/log`]) {
          const servicePidValue = await servicePid(dir);
          if (servicePidValue !== null) supervised.push(servicePidValue);
        }
      }
      await tool('s6-svscanctl', ['-t', paths.scanDir]);
      const gone = await pollUntil(() => !alive(pid) && supervised.every((p) => !alive(p)), 30_000);
      if (!gone) {
        for (const p of [pid, ...supervised]) if (alive(p)) try { process.kill(p, 'SIGKILL'); } catch { /* already gone */ }
        await pollUntil(() => !alive(pid) && supervised.every((p) => !alive(p)), 5_000);
      }
      rmSync(paths.pidFile, { force: true });
      hooks.afterStop?.(settings);
    },
  };
};

/** s6-svscan on `${libDir}/procform/managers/s6/scan`, in the background. */
export const manager: ManagerControl = svscanManager(s6Paths);
