/**
 * A switch's (or rollback's) apply on the supervisor daemon. A daemon that ends before it
 * answers (killed, out of memory) has changed something and put nothing back: that is a
 * partial failure naming the processes it left running, never "nothing changed".
 * @module
 */
import { SupervisorLostError } from '../errors.js';
import type { ApplyOptions, ApplyResult, SupervisorControl } from '../supervisor/control.js';
import type { SupervisorPaths } from '../supervisor/paths.js';
import { leftBehind, lostDuringSwitch, type LeftBehind } from './left-behind.js';

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

/** Applies `generation` (number `number` of the profile); throws a partial `DeployError` when the daemon ends half way. */
export const applyOnDaemon = async (control: SupervisorControl, paths: SupervisorPaths, generation: string, number: number, options: ApplyOptions): Promise<ApplyResult> => {
  try {
    return await control.apply(generation, options);
  } catch (error) {
    if (!(error instanceof SupervisorLostError)) throw error;
    throw lostDuringSwitch(await whenGone(paths), number);
  }
};
