/**
 * Renders the runit record into a service directory's files. Every value of the model
 * reaches the scripts through `quoteShell`/`quoteArgv`.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { quoteArgv, quoteShell as q } from '../../render/shell.js';
import { stateDirLines } from '../state-dirs.js';
import { file, type FileSet } from '../../store/file-set.js';
import { runitRecordFile, type RunitService } from './record.js';

/** Signals a shell proxy forwards to the daemon it watches (plus the stop signal). */
const FORWARDED = ['TERM', 'INT', 'HUP', 'QUIT', 'USR1', 'USR2'];

const trappable = (signals: readonly string[]): string[] =>
  [...new Set(signals)].filter((s) => s !== 'KILL' && s !== 'STOP');

/** Backoff delay before restart number n (1-based): initial × factor^(n−1), at most max. */
export const backoffDelays = (record: RunitService): number[] => {
  const { initial, factor, max } = record.restart.backoff;
  const delays: number[] = [];
  for (let n = 1; n <= Math.max(record.restart.maxRestarts, 1); n++) {
    delays.push(Math.min(max, Math.round(initial * factor ** (n - 1) * 1000) / 1000));
  }
  return delays;
};

/** `env -i NAME=value …` plus the command: the exact environment. */
const envCommand = (record: RunitService, argv: readonly string[]): string => {
  const vars = Object.keys(record.environment).sort().map((name) => q(`${name}=${record.environment[name]!}`));
  if (record.inheritPath) vars.push('"PATH=$PATH"');
  return ['env', '-i', '--', ...vars, quoteArgv(argv)].join(' ');
};

const userSpec = (record: RunitService): string | null => {
  if (record.user === null) return null;
  const groups = record.extraGroups.length === 0 ? [] : [record.group ?? `$(id -gn ${q(record.user)})`, ...record.extraGroups];
  if (groups.length === 0) return q(record.group === null ? record.user : `${record.user}:${record.group}`);
  // Quoted per part so the primary-group lookup may still expand.
  return [record.user, ...groups].map((part) => (part.startsWith('$(') ? `"${part}"` : q(part))).join(':');
};

const runScript = (record: RunitService): string => {
  const lines = ['#!/bin/sh', `# procform runit service ${record.instance}: run`, 'exec 2>&1', `cd ${q(record.serviceDir)} || exit 1`];
  if (record.type === 'oneshot') lines.push('rm -f procform/exit');
  const delays = backoffDelays(record);
  const signals = trappable([...FORWARDED, record.stopSignal]).join(' ');
  lines.push(
    '# Waits below run in the background so a stop signal ends them too.',
    `trap 'kill "$child" 2>/dev/null; exit 0' ${signals}`,
    'child=',
    '# Backoff between restarts: finish counts them in procform/restarts.',
    'count=$(cat procform/restarts 2>/dev/null) || count=0',
    'case $count in',
    "  ''|0) delay= ;;",
    ...delays.map((delay, index) => `  ${index + 1}) delay=${delay} ;;`),
    `  *) delay=${delays[delays.length - 1] ?? 0} ;;`,
    'esac',
    'if [ -n "$delay" ]; then sleep "$delay" & child=$!; wait "$child"; fi',
    'date +%s > procform/started',
  );
  for (const dependency of record.dependencies) {
    const dir = q(dependency.serviceDir);
    const notUp = q(`dependency ${dependency.instance} is not up`);
    lines.push(
      `if [ -e ${dir}/oneshot ]; then`,
      `  [ "$(cat ${dir}/procform/exit 2>/dev/null)" = 0 ] || { sv once ${dir} >/dev/null; echo ${q(`dependency ${dependency.instance} has not completed`)}; exit 1; }`,
      'else',
      `  sv -w ${record.dependencyTimeout} start ${dir} >/dev/null & child=$!`,
      `  wait "$child" || { echo ${notUp}; exit 1; }`,
      'fi',
    );
  }
  lines.push(`trap - ${signals}`);
  if (record.umask !== null) lines.push(`umask ${q(record.umask)}`);
  lines.push(...stateDirLines(record.stateDirs, {
    onFailure: 'exit 1', oneLine: true, rootTest: '"$(id -u)" = 0', groupAlone: 'chown', loginGroup: true, dashes: 'after-chown',
  }));
  if (record.directory !== null) lines.push(`cd ${q(record.directory)} || exit 1`);
  if (record.initialize !== '') {
    lines.push('# initialize: as root, with the service environment', `${envCommand(record, ['/bin/sh', '-c', record.initialize])} || exit 1`);
  }
  lines.push(`set -- ${envCommand(record, record.command)}`);
  if (record.nice !== null) lines.push(`set -- chpst -n ${record.nice} "$@"`);
  const user = userSpec(record);
  if (user !== null) lines.push(`if [ "$(id -u)" = 0 ]; then set -- chpst -u ${user} "$@"; fi`);
  if (record.mode === 'foreground') {
    lines.push('exec "$@"');
  } else {
    const pidFile = q(record.pidFile!);
    lines.push(
      '# Daemon mode: start it, then stand in for it until its pid is gone.',
      `rm -f -- ${pidFile}`,
      '"$@" || exit $?',
      'tries=0',
      `until [ -s ${pidFile} ]; do`,
      '  tries=$((tries + 1))',
      `  if [ "$tries" -gt 100 ]; then echo ${q(`no pid file ${record.pidFile!} after 10 s`)}; exit 1; fi`,
      '  sleep 0.1',
      'done',
      `read -r pid < ${pidFile}`,
      'stopped=',
      ...trappable([...FORWARDED, record.stopSignal]).map((signal) => `trap 'stopped=1; kill -s ${signal} "$pid" 2>/dev/null' ${signal}`),
      'while [ -d "/proc/$pid" ]; do sleep 0.5 & wait $!; done',
      '[ -n "$stopped" ] && exit 0',
      'exit 1',
    );
  }
  return `${lines.join('\n')}\n`;
};

const finishScript = (record: RunitService): string => {
  const { policy, maxRestarts, backoff } = record.restart;
  const lines = [
    '#!/bin/sh',
    `# procform runit service ${record.instance}: finish (restart policy ${policy}, at most ${maxRestarts} restarts)`,
    `cd ${q(record.serviceDir)} || exit 0`,
    'code=$1',
  ];
  // Every exit is recorded: the activator tells an exit right after a start from a start.
  lines.push('echo "$code" > procform/exit');
  lines.push(
    'now=$(date +%s)',
    'started=$(cat procform/started 2>/dev/null) || started=$now',
    'count=$(cat procform/restarts 2>/dev/null) || count=0',
    `[ $((now - \${started:-$now})) -ge ${Math.ceil(backoff.resetAfter)} ] && count=0`,
  );
  if (policy === 'no') lines.push('exec sv down . >/dev/null');
  if (policy === 'on-failure') lines.push('[ "$code" = 0 ] && exec sv down . >/dev/null');
  lines.push(
    `if [ "\${count:-0}" -ge ${maxRestarts} ]; then`,
    `  echo "procform: ${record.instance} failed $count times in a row; not restarting"`,
    '  echo failed > procform/failed',
    '  exec sv down . >/dev/null',
    'fi',
    'echo $((${count:-0} + 1)) > procform/restarts',
  );
  return `${lines.join('\n')}\n`;
};

/** `check` for `sv start`/`sv check` (and `run`'s dependency waits); null when the readiness has no script form. */
const checkScript = (record: RunitService): string | null => {
  const readiness = record.readiness;
  if (readiness === null) return null;
  const head = ['#!/bin/bash', `# procform runit service ${record.instance}: check (${readiness.kind} readiness)`];
  switch (readiness.kind) {
    case 'tcp':
      return `${[...head, `exec 3<>/dev/tcp/${q(readiness.host)}/${readiness.port}`].join('\n')}\n`;
    case 'http': {
      const statusTest = readiness.status.length > 0 ? readiness.status.join('|') : '2??|3??';
      return `${[
        ...head,
        `exec 3<>/dev/tcp/${q(readiness.host)}/${readiness.port} || exit 1`,
        `printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\nConnection: close\\r\\n\\r\\n' ${q(readiness.path)} ${q(readiness.host)} >&3`,
        'read -r -t 5 _ status _ <&3 || exit 1',
        `case $status in ${statusTest}) exit 0 ;; esac`,
        'exit 1',
      ].join('\n')}\n`;
    }
    case 'exec':
      return `${[...head, ...(record.directory !== null ? [`cd ${q(record.directory)} || exit 1`] : []), `exec ${envCommand(record, readiness.command)}`].join('\n')}\n`;
    default:
      return null;
  }
};

/** `control/t`: runsv runs it instead of sending TERM on `down`/`exit`. */
const stopScript = (record: RunitService): string =>
  `${[
    '#!/bin/sh',
    `# procform runit service ${record.instance}: stop with SIG${record.stopSignal}`,
    `read -r pid < ${q(`${record.serviceDir}/supervise/pid`)} || exit 1`,
    '[ -n "$pid" ] || exit 1',
    `exec kill -s ${record.stopSignal} "$pid"`,
  ].join('\n')}\n`;

const logScript = (record: RunitService): string =>
  `${[
    '#!/bin/sh',
    `# procform runit service ${record.instance}: log`,
    `mkdir -p -- ${q(record.log.dir)} || exit 1`,
    `printf 's%s\\nn%s\\n' ${record.log.size} ${record.log.count} > ${q(`${record.log.dir}/config`)} || exit 1`,
    `exec svlogd -tt ${q(record.log.dir)}`,
  ].join('\n')}\n`;

/** The files of a service directory (without `supervise/`, which the activator provides). */
export const render = (record: RunitService): FileSet => {
  const check = checkScript(record);
  return [
    file(runitRecordFile.name, canonicalJson(record)),
    file('run', runScript(record), true),
    file('finish', finishScript(record), true),
    ...(check === null ? [] : [file('check', check, true)]),
    ...(record.stopSignal === 'TERM' ? [] : [file('control/t', stopScript(record), true)]),
    ...(record.type === 'oneshot' ? [file('oneshot', '')] : []),
    file('log/run', logScript(record), true),
  ];
};
