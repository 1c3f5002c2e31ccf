/**
 * The embedded backend's activator: the supervisor daemon of the state dir, reached over
 * its control socket. The daemon plans and applies a switch itself and goes back to the
 * previous generation when a process does not come up, so `apply` hands it the generation
 * and reports how that went. A daemon that ends before it answers (killed, out of memory)
 * has changed something and put nothing back: that is a partial failure naming the
 * processes it left running.
 * @module
 */
import { SupervisorLostError } from '../../errors.js';
import type { ActivationGeneration, Activator } from '../../deploy/activator.js';
import { connectControl, supervisorRunning } from './client.js';
import type { SupervisorControl } from './control.js';
import { ensureDaemon } from './daemon.js';
import { leftBehind, lostDuringSwitch, type LeftBehind } from './left-behind.js';
import { pathsOf, type SupervisorPaths } from './paths.js';
import { runningInstances } from './running.js';

/** A client of the daemon that runs `generation`. */
const controlOf = (generation: ActivationGeneration): SupervisorControl => connectControl(pathsOf(generation.settings).socket);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What the daemon left, once it is seen gone: its socket closes a moment before it is. */
const whenGone = async (paths: SupervisorPaths): Promise<LeftBehind | null> => {
  const deadline = Date.now() + 2000;
  for (;;) {
    const left = leftBehind(paths);
    if (left !== null || Date.now() > deadline) return left;
    await sleep(20);
  }
};

/** The embedded activator. */
export const activator: Activator = {
  running: async (settings) => {
    const { socket } = pathsOf(settings);
    return runningInstances((await supervisorRunning(socket)) ? (await connectControl(socket).status()).processes : []);
  },
  // The daemon plans from what it runs, which is what the deployer planned from too.
  apply: async (_plan, previous, next, options = {}) => {
    const paths = pathsOf((next ?? previous)!.settings);
    const control = await ensureDaemon(paths);
    try {
      const result = await control.apply(next?.path ?? null, { ...(options.timeout === undefined ? {} : { timeout: options.timeout }), events: options });
      return { failed: result.failed, rolledBack: result.rolledBack };
    } catch (error) {
      if (!(error instanceof SupervisorLostError)) throw error;
      throw lostDuringSwitch(await whenGone(paths));
    }
  },
  status: async (generation) => {
    const status = await controlOf(generation).status();
    return { pid: status.pid, processes: status.processes, unknown: [], ...(status.faults === undefined ? {} : { faults: status.faults }) };
  },
  logs: (generation, instance, options, onLine) => controlOf(generation).logs(instance, options, onLine),
  control: async (verb, instances, generation) => {
    await controlOf(generation)[verb](instances);
    return { failed: [] };
  },
  unavailable: { enable: 'the embedded supervisor runs while its daemon does' },
};
