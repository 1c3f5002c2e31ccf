/**
 * The s6-rc instance of a state dir: an s6-svscan of its own on a scan directory, the live
 * state s6-rc-init makes, and the compiled databases of the generations. s6-rc's live state
 * describes the supervision tree it was made for, so a new s6-svscan starts with none: the
 * next switch initialises it again and starts what the deployment needs.
 * @module
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ManagerControl } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { svscanManager, type S6Paths } from '../s6/manager.js';

/** Where the s6-rc instance keeps its files. */
export interface S6RcPaths extends S6Paths {
  /** The live state (`s6-rc -l`): a link s6-rc-init and s6-rc-update point at a directory beside it. */
  readonly liveDir: string;
  /** One compiled database per generation, named after the generation's store entry. */
  readonly databasesDir: string;
}

/** Paths of the s6-rc instance for these settings. */
export const s6rcPaths = (settings: BuildSettings): S6RcPaths => {
  const runDir = `${settings.runtimeDir}/procform/s6-rc`;
  const logDir = `${settings.logDir}/procform/s6-rc`;
  return {
    scanDir: `${settings.libDir}/procform/managers/s6-rc/scan`,
    runDir,
    pidFile: `${runDir}/s6-svscan.pid`,
    logDir,
    svscanLog: `${logDir}/s6-svscan.log`,
    liveDir: `${runDir}/live`,
    databasesDir: `${settings.libDir}/procform/managers/s6-rc/databases`,
  };
};

/**
 * Forgets a live state whose supervision tree is gone: the live directories (`live` and
 * the `live:…` directories it points to) and the links s6-rc-init made in the scan dir.
 */
export const forgetLiveState = (settings: BuildSettings): void => {
  const paths = s6rcPaths(settings);
  const parent = dirname(paths.liveDir);
  const name = basename(paths.liveDir);
  let siblings: string[] = [];
  try {
    siblings = readdirSync(parent);
  } catch {
    siblings = [];
  }
  for (const sibling of siblings) {
    if (sibling === name || sibling.startsWith(`${name}:`)) rmSync(`${parent}/${sibling}`, { recursive: true, force: true });
  }
  // Every link, dangling ones included: the live directories they pointed to may be gone already.
  let links: string[] = [];
  try {
    links = readdirSync(paths.scanDir).filter((name) => !name.startsWith('.'));
  } catch {
    links = [];
  }
  for (const link of links) rmSync(`${paths.scanDir}/${link}`, { recursive: true, force: true });
};

/** s6-svscan on `${libDir}/procform/managers/s6-rc/scan`, in the background. */
export const manager: ManagerControl = svscanManager(s6rcPaths, { beforeStart: forgetLiveState, afterStop: forgetLiveState });
