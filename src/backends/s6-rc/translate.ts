/**
 * ProcessSpec → the s6-rc record of a process (record.ts): a longrun (with a companion
 * logger) for a foreground process, an unsupervised oneshot for a daemon-only process or a
 * `oneshot` process.
 * @module
 */
import { InputError } from '../../errors.js';
import { quoteShell } from '../../render/shell.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RenderContext } from '../../deploy/backend.js';
import { translate as translateS6 } from '../s6/translate.js';
import type { S6Service } from '../s6/record.js';
import { DEFAULT_BUNDLE } from './constants.js';
import type { S6RcCheck, S6RcProcess } from './record.js';

/** Length of `<hash>-` at the start of a store entry's base name. */
const HASH_PREFIX = 33;

const httpCheck = (host: string, port: number, path: string, status: readonly number[]): string => {
  const accepted = status.length > 0 ? status.map(String).join('|') : '2??|3??';
  return [
    // Refused connections are the normal case until the process listens: not for its log.
    'exec 2>/dev/null',
    `exec 3<>/dev/tcp/${host}/${port} || exit 1`,
    `printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' ${quoteShell(path)} ${quoteShell(host)} >&3`,
    'read -r proto code rest <&3 || exit 1',
    `case $code in ${accepted}) exit 0 ;; esac`,
    'exit 1',
  ].join('\n');
};

/** Translates a normalized process into s6-rc source definitions. */
export const translate = (spec: ProcessSpec, context: RenderContext): S6RcProcess => {
  // s6-rc reserves the s6rc- and s6-rc- prefixes, and `default` is the bundle of every process.
  if (spec.name === DEFAULT_BUNDLE || /^s6-?rc-/.test(spec.name)) {
    throw new InputError(`process "${spec.name}": s6-rc reserves this name`, `rename the process (names starting with s6rc- or s6-rc-, and "${DEFAULT_BUNDLE}", are s6-rc's own)`);
  }
  const base = translateS6(spec, context);
  const settings: S6Service = { ...base, log: { ...base.log, directory: `${context.settings.logDir}/procform/s6-rc/${spec.name}` } };
  const kind = spec.type === 'oneshot' || settings.mode === 'daemon' ? 'oneshot' : 'longrun';
  const readiness = spec.readiness;
  let check: S6RcCheck | null = null;
  if (readiness !== null && kind === 'oneshot' && settings.mode === 'daemon' && readiness.kind === 'notify') {
    throw new InputError(`process "${spec.name}": a daemon-only process becomes an s6-rc oneshot, which has no notification fd (readiness kind "notify")`,
      'give the process a foreground mode, or use a tcp, http or exec readiness check');
  }
  // A oneshot process is ready when it has run (s6-rc's own meaning); a daemon oneshot's up waits for the check.
  if (readiness !== null && spec.type === 'longrun' && readiness.kind !== 'notify') {
    const timing = { interval: Math.round(readiness.interval * 1000), timeout: Math.round(readiness.timeout * 1000), fd: 3 };
    switch (readiness.kind) {
      case 'log':
        // s6-rc has no view of a logger's lines: the activator follows the log while it starts the process.
        break;
      case 'tcp':
        if (!/^[A-Za-z0-9.:-]+$/.test(readiness.host)) throw new InputError(`process "${spec.name}": readiness host ${JSON.stringify(readiness.host)} is not a host name or address`);
        check = { argv: ['/bin/bash', '-c', `exec 2>/dev/null; exec 3<>/dev/tcp/${readiness.host}/${readiness.port}`], ...timing };
        break;
      case 'http':
        if (!/^[A-Za-z0-9.:-]+$/.test(readiness.host)) throw new InputError(`process "${spec.name}": readiness host ${JSON.stringify(readiness.host)} is not a host name or address`);
        check = { argv: ['/bin/bash', '-c', httpCheck(readiness.host, readiness.port, readiness.path, readiness.status)], ...timing };
        break;
      case 'exec': {
        const environment = Object.keys(settings.environment).sort().map((key) => `${key}=${settings.environment[key]}`);
        // s6-notifyoncheck runs as the run script does; the check itself runs as the process's user, as on every backend.
        const user = settings.user === null ? [] : ['s6-setuidgid', settings.user];
        check = { argv: [...user, 'env', '-i', '--', ...environment, ...readiness.command], ...timing };
        break;
      }
    }
  }
  const dependencies = spec.dependencies.map((instance) => {
    const entry = context.entryOf(instance);
    return entry.slice(entry.lastIndexOf('/') + 1 + HASH_PREFIX);
  });
  return { formatVersion: 1, name: spec.name, kind, settings: { ...settings, notificationFd: check?.fd ?? settings.notificationFd }, check, dependencies };
};
