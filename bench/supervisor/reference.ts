// Reference processes for the memory figures: an idle node (`node -e 'setInterval(()=>{},1e9)'`),
// and an idle node that has imported the daemon's modules, to tell what node itself costs,
// what procform's code costs, and what running 50 processes costs.
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { isLive } from './proc.js';
import { waitFor } from './poll.js';

/** A running reference process. */
export interface Reference {
  readonly pid: number;
  stop(): Promise<void>;
}

/** An idle node that first imports `modules` (ES modules, absolute paths); resolves once it is idle. */
export const idleNode = async (modules: readonly string[] = []): Promise<Reference> => {
  const imports = modules.map((m) => `await import(${JSON.stringify(pathToFileURL(m).href)});`).join(' ');
  const args = modules.length === 0
    ? ['-e', 'setInterval(()=>{},1e9)']
    : ['--input-type=module', '-e', `${imports} process.stdout.write('ready\\n'); setInterval(()=>{},1e9)`];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  child.on('error', () => {});
  let ready = modules.length === 0;
  child.stdout?.on('data', () => { ready = true; });
  await waitFor('the reference node process', () => ready && isLive(child.pid!), 15_000, 5);
  // Let start-up garbage settle as it would in a daemon that has run for a while.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGKILL');
      await waitFor('the reference node to exit', () => child.exitCode !== null || child.signalCode !== null, 5000, 5).catch(() => undefined);
    },
  };
};
