/**
 * The last column of a cell: after the undeploy, nothing of the deployment may still run —
 * not the processes the manager reported (nor anything they started), not a listener on a
 * port of the model, and once the manager is stopped, nothing working in the sandbox.
 * @module
 */
import { createConnection } from 'node:net';
import type { ActivationGeneration } from '../deploy/activator.js';
import type { Backend } from '../deploy/backend.js';
import { TestFailure } from './errors.js';
import { commandLine, processesUnder, processTree, startTicks } from './proc-facts.js';

/** A process seen while the deployment ran, told apart from a later one with its pid by its start time. */
export interface RunningProcess {
  readonly pid: number;
  readonly started: number | null;
  readonly command: string;
}

/** The processes the manager reports for `generation`, and everything below them. */
export const runningTree = async (backend: Backend, generation: ActivationGeneration): Promise<RunningProcess[]> => {
  const status = backend.activator?.status ? await backend.activator.status(generation).catch(() => null) : null;
  const pids = (status?.processes ?? []).map((p) => p.pid).filter((pid): pid is number => pid !== null);
  return processTree(pids).map((pid) => ({ pid, started: startTicks(pid), command: commandLine(pid) }));
};

const stillRuns = (p: RunningProcess): boolean => p.started !== null && startTicks(p.pid) === p.started;

const accepts = (port: number): Promise<boolean> => new Promise((resolve) => {
  const socket = createConnection({ port, host: '127.0.0.1' });
  socket.setTimeout(1000);
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('timeout', () => { socket.destroy(); resolve(false); });
  socket.once('error', () => resolve(false));
});

const GRACE_MS = 10_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits up to the grace period for `find` to find nothing; what it still finds then. */
const settle = async <T>(find: () => Promise<T[]>): Promise<T[]> => {
  const end = Date.now() + GRACE_MS;
  for (;;) {
    const found = await find();
    if (found.length === 0 || Date.now() >= end) return found;
    await sleep(250);
  }
};

/** What the leftovers check looks at. */
export interface LeftoverCheck {
  readonly running: readonly RunningProcess[];
  readonly ports: readonly number[];
  readonly stateDir: string;
  readonly stopManager: () => Promise<void>;
}

/** Throws a `TestFailure` naming everything the deployment left running. */
export const leftovers = async (check: LeftoverCheck): Promise<void> => {
  const processes = await settle(async () => check.running.filter(stillRuns));
  const ports: number[] = [];
  for (const port of await settle(async () => {
    const open = await Promise.all(check.ports.map(async (p) => ((await accepts(p)) ? p : null)));
    return open.filter((p): p is number => p !== null);
  })) ports.push(port);
  await check.stopManager();
  const inSandbox = await settle(async () => processesUnder(check.stateDir));
  const found = [
    ...processes.map((p) => `pid ${p.pid} (${p.command || 'gone'}) still runs after the undeploy`),
    ...ports.map((port) => `port ${port} still accepts connections after the undeploy`),
    ...inSandbox.filter((pid) => !processes.some((p) => p.pid === pid)).map((pid) => `pid ${pid} (${commandLine(pid)}) still works in the sandbox after its manager stopped`),
  ];
  if (found.length > 0) throw new TestFailure(`left running: ${found.join('; ')}`);
};
