/**
 * The supervisor daemon: `node daemon-main.js --runtime-dir DIR --log-dir DIR`, started in
 * the background by `procform switch`. It serves the control socket, persists its state,
 * and on start cleans up after a predecessor that died without stopping its children,
 * then runs the generation that predecessor ran. Deliberately small: no CLI library, no
 * model loader, so the daemon stays light.
 *
 * Once it runs, nothing may end it but a request or a signal: its children would go on
 * with nobody watching them. A failing write (state file, logs, its own log) is a fault
 * that `status` reports while the daemon goes on.
 * @module
 */
import { writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makePrivateDir } from '../system/private-dir.js';
import { checkTrustedDirectory } from '../system/trusted-path.js';
import { ControlError } from '../errors.js';
import type { ManagerFault } from '../deploy/observation.js';
import { LocalControl } from './local-control.js';
import { supervisorPaths } from '../backends/embedded/paths.js';
import { serveControl } from './server.js';
import { readState, reapGroups, removeState, stateRecorder } from '../backends/embedded/state-file.js';
import { pidAlive } from '../system/process-group.js';
import { Supervisor } from './supervisor.js';

const option = (name: string): string => {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? undefined : process.argv[index + 1];
  if (value === undefined) throw new ControlError(`daemon: missing ${name}`);
  return value;
};

/**
 * Writes to the daemon's log (its stderr). The log is on a disk that may be full; what
 * cannot be written is lost, which must not cost the daemon its life. `process.stderr`
 * would be destroyed by the first failed write, so the descriptor is written directly.
 */
const say = (text: string): void => {
  try {
    writeSync(2, text);
  } catch {
    // Nowhere to report it.
  }
};

/** The last error nothing else caught, kept as a fault: the daemon goes on rather than leave its children alone. */
let unexpected: ManagerFault | null = null;

const keepGoing = (error: unknown): void => {
  const message = `an unexpected error did not stop the supervisor: ${(error as Error)?.stack ?? String(error)}`;
  unexpected = { message: message.split('\n')[0]!, since: Date.now() };
  say(`procform: ${message}\n`);
};

const main = async (): Promise<void> => {
  const paths = supervisorPaths(option('--runtime-dir'), option('--log-dir'));
  makePrivateDir(paths.dir);
  // The CLI checked these before it started the daemon; they are checked again as the
  // daemon finds them, since another user may have been quicker to make them.
  checkTrustedDirectory(paths.dir, "the supervisor's directory", { followLinks: false });
  checkTrustedDirectory(dirname(paths.daemonLog), 'the directory of the logs', { followLinks: false });
  const stale = readState(paths.state);
  // A live predecessor still answers on the socket and makes serveControl refuse; only a
  // dead one's groups are reaped.
  if (stale && !(stale.daemonPid !== process.pid && pidAlive(stale.daemonPid))) {
    const reaped = await reapGroups(stale.groups);
    if (reaped.length > 0) say(`procform: stopped ${reaped.length} process group(s) left by a previous supervisor: ${reaped.join(', ')}\n`);
  }
  let control: LocalControl | undefined;
  const recorder = stateRecorder(paths.state, () => ({ generation: control?.generation ?? null, groups: supervisor.processGroups() }));
  const persist = (): void => recorder.schedule();
  const supervisor = new Supervisor({ onChange: persist });
  const exit = (): void => {
    recorder.close();
    removeState(paths.state);
    server.close();
    process.exit(0);
  };
  const faults = (): ManagerFault[] => [recorder.fault(), unexpected].filter((f): f is ManagerFault => f !== null);
  control = new LocalControl(supervisor, { onGeneration: persist, onShutdown: () => setImmediate(exit), faults });
  const server = await serveControl(control, paths.socket);
  recorder.flush();
  // From here on the daemon has children to look after.
  process.on('uncaughtException', keepGoing);
  process.on('unhandledRejection', keepGoing);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void control!.shutdown();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', () => {});
  if (stale?.generation) {
    try {
      const result = await control.apply(stale.generation);
      if (result.failed.length > 0) say(`procform: restoring ${stale.generation} failed for ${result.failed.map((f) => f.instance).join(', ')}\n`);
    } catch (error) {
      say(`procform: cannot restore ${stale.generation}: ${(error as Error).message}\n`);
    }
  }
  say(`procform: supervisor ${process.pid} listening on ${paths.socket}\n`);
};

// Output that does not go through `say` (a warning of node's) must not end the daemon either.
process.stderr.on('error', () => {});

main().catch((error: Error) => {
  say(`procform: supervisor failed: ${error.message}\n`);
  process.exit(111);
});
