/**
 * Renders s6-rc source definition directories. An entry holds `<name>-srv/` and
 * `<name>-log/` (a longrun and its logger, pipeline `<name>`) or `<name>/` (a oneshot),
 * plus `default/type` and `default/contents.d/<name>`: copying every entry of a generation
 * into one directory gives a source tree for `s6-rc-compile` whose `default` bundle lists
 * every process.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { quoteArgv, quoteShell } from '../../render/shell.js';
import { file, type FileNode, type FileSet } from '../../store/file-set.js';
import { commandLine, finishScript, finishTimeout, logRunScript, runScript, setupLines } from '../s6/render.js';
import { quoteExecline, quoteExeclineArgv } from './quote.js';
import type { S6RcProcess } from './record.js';
import { DEFAULT_BUNDLE, recordPath } from './constants.js';

/** s6-notifyoncheck in front of the command, when readiness is checked. */
const notifyWrap = (record: S6RcProcess): string[] => {
  const { check } = record;
  if (check === null) return [];
  return ['s6-notifyoncheck', '-3', String(check.fd), '-w', String(check.interval), '-T', String(check.timeout), '-n', '0', '-c', quoteExeclineArgv(check.argv)];
};

/** The `up` of a oneshot: an execline line running a shell script. */
export const upLine = (record: S6RcProcess): string => {
  const { settings } = record;
  const lines = setupLines(settings, { marker: false });
  if (settings.mode === 'daemon') {
    const pidFile = quoteShell(settings.pidFile!);
    lines.push(
      `rm -f -- ${pidFile}`,
      `${commandLine(settings)} || exit 1`,
      'i=0',
      `while [ ! -s ${pidFile} ]; do i=$((i + 1)); if [ "$i" -gt 300 ]; then echo 'procform: the daemon wrote no pid file' >&2; exit 1; fi; sleep 0.1; done`,
    );
    const { check } = record;
    if (check !== null) {
      lines.push(
        't=0',
        `until ${quoteArgv(check.argv)}; do t=$((t + ${check.interval})); if [ "$t" -ge ${check.timeout} ]; then echo 'procform: not ready in time' >&2; exit 1; fi; sleep ${check.interval / 1000}; done`,
      );
    }
  } else {
    lines.push(`exec ${commandLine(settings)}`);
  }
  return `${quoteExeclineArgv(['/bin/sh', '-c', lines.join('\n')])}\n`;
};

/** The `down` of a daemon oneshot: the stop signal to the pid in the pid file. */
export const downLine = (record: S6RcProcess): string =>
  `backtick -n PID { cat -- ${quoteExecline(record.settings.pidFile!)} } importas -u PID PID kill -s ${record.settings.downSignal} -- $PID\n`;

const dependencyFiles = (dir: string, record: S6RcProcess): FileNode[] =>
  record.dependencies.map((dependency) => file(`${dir}/dependencies.d/${dependency}`, ''));

/** The source definition directories of one process. */
export const render = (record: S6RcProcess): FileSet => {
  const { name, settings } = record;
  const files: FileNode[] = [file(`${DEFAULT_BUNDLE}/type`, 'bundle\n'), file(`${DEFAULT_BUNDLE}/contents.d/${name}`, ''), file(recordPath(name), canonicalJson(record))];
  if (record.kind === 'longrun') {
    const srv = `${name}-srv`;
    const log = `${name}-log`;
    files.push(
      file(`${srv}/type`, 'longrun\n'),
      file(`${srv}/run`, runScript(settings, notifyWrap(record)), true),
      file(`${srv}/finish`, finishScript(settings), true),
      file(`${srv}/down-signal`, `SIG${settings.downSignal}\n`),
      file(`${srv}/timeout-kill`, `${settings.timeoutKill}\n`),
      // s6-supervise kills a finish script after 5 s by default, which would cut its backoff short.
      file(`${srv}/timeout-finish`, `${finishTimeout(settings)}\n`),
      file(`${srv}/producer-for`, `${log}\n`),
      ...dependencyFiles(srv, record),
      file(`${log}/type`, 'longrun\n'),
      file(`${log}/run`, logRunScript(settings), true),
      file(`${log}/consumer-for`, `${srv}\n`),
      file(`${log}/pipeline-name`, `${name}\n`),
    );
    if (settings.notificationFd !== null) files.push(file(`${srv}/notification-fd`, `${settings.notificationFd}\n`));
  } else {
    files.push(file(`${name}/type`, 'oneshot\n'), file(`${name}/up`, upLine(record)), ...dependencyFiles(name, record));
    if (settings.mode === 'daemon') files.push(file(`${name}/down`, downLine(record)));
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};
