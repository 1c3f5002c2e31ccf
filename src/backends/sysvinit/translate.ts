/**
 * ProcessSpec → the sysvinit record of a process (record.ts): everything its LSB init script needs, as data. The
 * script is run by start-stop-daemon (always present on Debian: it ships with dpkg).
 * Daemon mode is preferred, as in nix-processmgmt: the process forks and writes its pid
 * file; a foreground-only process is daemonised by start-stop-daemon itself
 * (`--background --make-pidfile`), its output appended to `logFile`.
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import { SYSTEM_PATH } from '../../model/normalize.js';
import { InputError } from '../../errors.js';
import type { RenderContext } from '../../deploy/backend.js';
import { recordHead } from '../run-mode.js';
import { withSecrets } from '../secrets-command.js';
import type { SysvinitScript } from './record.js';

/**
 * Start sequences of the instances translated so far, per store. `computeBuild` is
 * synchronous and translates dependencies before their dependents, so a dependency's
 * sequence is always this build's when a dependent reads it.
 */
const sequences = new Map<string, number>();
const sequenceKey = (storeDir: string, instance: string): string => `${storeDir}\0${instance}`;

/** The `Provides` name of a dependency, from its entry path `<store>/<hash>-<name>`. */
const nameOfEntry = (path: string): string => {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dash = base.indexOf('-');
  return dash < 0 ? base : base.slice(dash + 1);
};

/** Translates a normalized process into its init script's settings. */
export const translate = (spec: ProcessSpec, context: RenderContext): SysvinitScript => {
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(
      `instance "${spec.instance}": readiness kind "notify" is not supported by the sysvinit backend`,
      'start-stop-daemon only understands the systemd notification socket, not an s6 notification fd; use a tcp, http, exec or log probe',
    );
  }
  const daemon = spec.daemon !== null && spec.type === 'longrun';
  const executable = daemon ? spec.daemon! : (spec.foregroundProcess ?? spec.daemon!);
  const args = daemon ? spec.daemonArgs : spec.foregroundProcess !== null ? spec.foregroundProcessArgs : spec.daemonArgs;
  const startSequence = Math.min(
    99,
    spec.dependencies.reduce((highest, dependency) => Math.max(highest, (sequences.get(sequenceKey(context.settings.storeDir, dependency)) ?? 0) + 1), 0),
  );
  sequences.set(sequenceKey(context.settings.storeDir, spec.instance), startSequence);
  return {
    ...recordHead(spec),
    mode: daemon ? 'daemon' : 'foreground',
    command: withSecrets(spec, [executable, ...args]),
    pidFile: spec.pidFile,
    environment: spec.environment.PATH === undefined ? { PATH: SYSTEM_PATH, ...spec.environment } : spec.environment,
    directory: spec.directory,
    umask: spec.umask,
    nice: spec.nice,
    user: spec.user,
    group: spec.group,
    initialize: spec.initialize,
    stateDirs: spec.stateDirs,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopTimeout,
    reloadSignal: 'HUP',
    runlevels: [2, 3, 4, 5],
    requires: spec.dependencies.map((dependency) => nameOfEntry(context.entryOf(dependency))),
    dependencies: spec.dependencies,
    startSequence,
    stopSequence: 99 - startSequence,
    logFile: `${context.settings.logDir}/procform/sysvinit/${spec.name}.log`,
    readiness: spec.readiness,
  };
};
