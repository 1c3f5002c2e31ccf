/**
 * The supervisor daemon: `node daemon-main.js --runtime-dir DIR --log-dir DIR`, started in
 * the background by `procform switch`. It serves the control socket, persists its state,
 * and on start cleans up after a predecessor that died without stopping its children,
 * then runs the generation that predecessor ran. Deliberately small: no CLI library, no
 * model loader, so the daemon stays light.
 * @module
 */
import { makePrivateDir } from '../system/private-dir.js';
import { ControlError } from '../errors.js';
import { LocalControl } from './local-control.js';
import { supervisorPaths } from './paths.js';
import { serveControl } from './server.js';
import { pidAlive, readState, reapGroups, removeState, stateRecorder } from './state-file.js';
import { Supervisor } from './supervisor.js';

const option = (name: string): string => {
  const index = process.argv.indexOf(name);
  const value = index === -1 ? undefined : process.argv[index + 1];
  if (value === undefined) throw new ControlError(`daemon: missing ${name}`);
  return value;
};

const main = async (): Promise<void> => {
  const paths = supervisorPaths(option('--runtime-dir'), option('--log-dir'));
  makePrivateDir(paths.dir);
  const stale = readState(paths.state);
  // A live predecessor still answers on the socket and makes serveControl refuse; only a
  // dead one's groups are reaped.
  if (stale && !(stale.daemonPid !== process.pid && pidAlive(stale.daemonPid))) {
    const reaped = await reapGroups(stale.groups);
    if (reaped.length > 0) process.stderr.write(`procform: stopped ${reaped.length} process group(s) left by a previous supervisor: ${reaped.join(', ')}\n`);
  }
  let control: LocalControl | undefined;
  const recorder = stateRecorder(paths.state, () => ({ generation: control?.generation ?? null, groups: supervisor.processGroups() }));
  const persist = (): void => recorder.schedule();
  const supervisor = new Supervisor({ onChange: persist });
  const exit = (): void => {
    removeState(paths.state);
    server.close();
    process.exit(0);
  };
  control = new LocalControl(supervisor, { onGeneration: persist, onShutdown: () => setImmediate(exit) });
  const server = await serveControl(control, paths.socket);
  recorder.flush();
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
    const result = await control.apply(stale.generation);
    if (result.failed.length > 0) process.stderr.write(`procform: restoring ${stale.generation} failed for ${result.failed.map((f) => f.instance).join(', ')}\n`);
  }
  process.stderr.write(`procform: supervisor ${process.pid} listening on ${paths.socket}\n`);
};

main().catch((error: Error) => {
  process.stderr.write(`procform: supervisor failed: ${error.message}\n`);
  process.exit(111);
});
