/**
 * The embedded backend's manager: the supervisor daemon of the state dir. A switch starts
 * it when none answers, and it knows which generation it runs, which may be one no profile
 * holds (`procform up` serves the same socket) or nothing after `procform down`.
 * @module
 */
import type { ManagerControl } from '../../deploy/activator.js';
import { connectControl, supervisorRunning } from './client.js';
import { ensureDaemon, stopDaemon } from './daemon.js';
import { leftBehind, leftBehindError } from './left-behind.js';
import { pathsOf } from './paths.js';

/** The supervisor daemon as a manager. */
export const manager: ManagerControl = {
  start: async (settings) => void (await ensureDaemon(pathsOf(settings))),
  stop: async (settings) => {
    if (await supervisorRunning(pathsOf(settings).socket)) await stopDaemon(pathsOf(settings));
  },
  isRunning: (settings) => supervisorRunning(pathsOf(settings).socket),
  startsOnDemand: true,
  // While its first generation comes up, what it brings up is the deployment.
  deployed: async (settings) => {
    const { socket } = pathsOf(settings);
    if (!(await supervisorRunning(socket))) return null;
    const status = await connectControl(socket).status();
    return status.generation ?? status.applying ?? null;
  },
  // Its own switch goes on when the procform that asked for it is killed, then it knows what it runs.
  settled: async (settings, wait) => {
    const { socket } = pathsOf(settings);
    for (;;) {
      if (!(await supervisorRunning(socket))) return null;
      const status = await connectControl(socket).status();
      if (status.applying === undefined) return status.generation;
      if (!wait) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  },
  faults: async (settings) => {
    const { socket } = pathsOf(settings);
    return (await supervisorRunning(socket)) ? (await connectControl(socket).status()).faults ?? [] : [];
  },
  leftBehind: (settings) => {
    const left = leftBehind(pathsOf(settings));
    return left === null ? null : leftBehindError(left);
  },
};
