/**
 * Renders an s6 record into the files of one service directory. The store entry holds the
 * read-only files; the activator links them into a writable directory in the scan dir,
 * where s6-supervise keeps its `supervise/` state.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { quoteArgv, quoteShell } from '../../render/shell.js';
import { stateDirLines } from '../state-dirs.js';
import { file, type FileSet } from '../../store/file-set.js';
import { s6RecordFile, type S6Service } from './record.js';

/** Written by `run` at each start (epoch seconds), read by `finish` for the backoff reset. */
export const STARTED_FILE = 'procform-started';
/** Consecutive restarts so far, kept by `finish`. */
export const RESTARTS_FILE = 'procform-restarts';
/** Files of the entry linked into the service directory (log/run separately). */
export const SERVICE_FILES = ['run', 'finish', 'down', 'down-signal', 'timeout-kill', 'timeout-finish', 'notification-fd', s6RecordFile.name] as const;

/** Extra seconds the daemon proxy gets after its own kill timeout. */
const PROXY_GRACE = 3;

/** What runs before the command: umask, state directories, initialize (as root), cd. */
export const setupLines = (record: S6Service, { marker = true }: { marker?: boolean } = {}): string[] => {
  const lines: string[] = [];
  if (marker) lines.push(`date +%s > ${STARTED_FILE}`);
  if (record.umask !== null) lines.push(`umask ${quoteShell(record.umask)}`);
  lines.push(...stateDirLines(record.stateDirs, { onFailure: 'exit 1', groupAlone: 'chown', dashes: 'none' }));
  if (record.initialize !== '') {
    lines.push(`/bin/sh -c ${quoteShell(record.initialize)} || { echo 'procform: initialize failed' >&2; exit 1; }`);
  }
  if (record.directory !== null) lines.push(`cd -- ${quoteShell(record.directory)} || exit 1`);
  return lines;
};

/**
 * nice, s6-setuidgid and `env -i` in front of the command: exact environment, dropped
 * privileges. `wrap` (s6-notifyoncheck) comes first and keeps the run script's identity:
 * it reads the service directory, which only its owner may.
 */
export const commandLine = (record: S6Service, wrap: readonly string[] = []): string => {
  const prefix: string[] = [...wrap];
  if (record.nice !== null) prefix.push('nice', '-n', String(record.nice));
  if (record.user !== null) prefix.push('s6-setuidgid', record.user);
  const environment = Object.keys(record.environment).sort().map((key) => `${key}=${record.environment[key]}`);
  prefix.push('env', '-i', '--', ...environment);
  return quoteArgv([...prefix, ...record.command]);
};

/** The `run` script. */
export const runScript = (record: S6Service, wrap: readonly string[] = []): string => {
  // eslint-disable-next-line no-control-regex
  const description = record.description.replace(/[\x00-\x1f\x7f]/g, ' ');
  const lines = ['#!/bin/sh', `# procform s6 service ${record.name}: ${description}`, 'exec 2>&1', ...setupLines(record)];
  if (record.mode === 'foreground') {
    lines.push(`exec ${commandLine(record, wrap)}`);
  } else {
    const pidFile = quoteShell(record.pidFile!);
    const signal = record.downSignal;
    const limit = Math.ceil(record.timeoutKill / 1000);
    lines.push(
      `rm -f -- ${pidFile}`,
      `${commandLine(record)} || exit 1`,
      'i=0',
      `while [ ! -s ${pidFile} ]; do`,
      '  i=$((i + 1))',
      `  if [ "$i" -gt 300 ]; then echo 'procform: the daemon wrote no pid file' >&2; exit 1; fi`,
      '  sleep 0.1',
      'done',
      `pid=$(cat -- ${pidFile})`,
      'stopping=',
      `trap 'stopping=$(date +%s); kill -${signal} "$pid" 2>/dev/null' ${signal === 'TERM' ? 'TERM' : `${signal} TERM`}`,
      'while kill -0 "$pid" 2>/dev/null; do',
      `  if [ -n "$stopping" ] && [ $(($(date +%s) - stopping)) -ge ${limit} ]; then kill -KILL "$pid" 2>/dev/null; fi`,
      '  sleep 0.2',
      'done',
      '[ -n "$stopping" ] && exit 0',
      'exit 1',
    );
  }
  return `${lines.join('\n')}\n`;
};

/** The `finish` script: the restart policy, a restart limit and the backoff. */
export const finishScript = (record: S6Service): string => {
  const { restart } = record;
  const lines = [
    '#!/bin/sh',
    '# $1: exit code (256 when killed by a signal), $2: signal number',
    '# exit 125 tells s6-supervise not to restart the service.',
    'exec 2>&1',
    `[ "$(s6-svstat -o wantedup . 2>/dev/null)" = true ] || exit 0`,
  ];
  if (restart.policy === 'no') lines.push('exit 125');
  else {
    if (restart.policy === 'on-failure') lines.push('[ "$1" = 0 ] && exit 125');
    const last = restart.delays[restart.delays.length - 1] ?? 1;
    lines.push(
      'now=$(date +%s)',
      `started=$(cat ${STARTED_FILE} 2>/dev/null || echo "$now")`,
      `if [ $((now - started)) -ge ${restart.resetAfter} ]; then n=0; else n=$(cat ${RESTARTS_FILE} 2>/dev/null || echo 0); fi`,
      'n=$((n + 1))',
      `if [ "$n" -gt ${restart.maxRestarts} ]; then echo 'procform: ${record.name} failed ${restart.maxRestarts} restarts in a row; giving up' >&2; exit 125; fi`,
      `echo "$n" > ${RESTARTS_FILE}`,
      'case $n in',
      ...restart.delays.slice(0, -1).map((delay, index) => `  ${index + 1}) sleep ${delay} ;;`),
      `  *) sleep ${last} ;;`,
      'esac',
    );
  }
  return `${lines.join('\n')}\n`;
};

/** `log/run`: s6-log into the log directory, rotated by size, lines timestamped (ISO 8601). */
export const logRunScript = (record: S6Service): string => {
  const dir = quoteShell(record.log.directory);
  return [
    '#!/bin/sh',
    `mkdir -p -- ${dir} || exit 1`,
    `exec ${quoteArgv(['s6-log', '-b', '--', `n${record.log.archives}`, `s${record.log.maxSize}`, 'T', record.log.directory])}`,
    '',
  ].join('\n');
};

/** Seconds the finish script may take: the longest backoff plus a margin. */
export const finishTimeout = (record: S6Service): number => Math.ceil((Math.max(0, ...record.restart.delays) + 5) * 1000);

/** The files of the service directory. */
export const render = (record: S6Service): FileSet => {
  const files = [
    file('run', runScript(record), true),
    file('finish', finishScript(record), true),
    // Services start down: the activator starts them in dependency order.
    file('down', ''),
    file('down-signal', `SIG${record.downSignal}\n`),
    file('timeout-kill', `${record.mode === 'daemon' ? record.timeoutKill + PROXY_GRACE * 1000 : record.timeoutKill}\n`),
    file('timeout-finish', `${finishTimeout(record)}\n`),
    file('log/run', logRunScript(record), true),
    file(s6RecordFile.name, canonicalJson(record)),
  ];
  if (record.notificationFd !== null) files.push(file('notification-fd', `${record.notificationFd}\n`));
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
};
