/**
 * A sysvinit image: sysvinit has no daemon, so the main process under tini is a compound
 * script. It runs each init script's `start` in dependency order, waits for SIGTERM or
 * SIGINT, then runs `stop` in reverse order and exits 0. Crashed processes are not
 * restarted (sysvinit does not supervise); daemons that outlive their parent are reaped
 * by tini.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import { RECORD_FILE, scriptPath } from '../backends/sysvinit/render.js';
import type { SysvinitScript } from '../backends/sysvinit/translate.js';
import { quoteArgv } from '../render/shell.js';
import { entryJson, startOrder } from './build-facts.js';
import { MANAGER_REQUIREMENTS, scriptHeader, TINI, type ManagerImage } from './manager-image.js';

const FUNCTIONS = [
  'stopping=0',
  "trap 'stopping=1' TERM INT",
  '# start NAME SCRIPT',
  'start() {',
  '  [ "$stopping" = 1 ] && return 0',
  '  "$2" start || echo "procform: $1 did not start"',
  '}',
  '# stop NAME SCRIPT',
  'stop() {',
  '  echo "procform: stopping $1"',
  '  "$2" stop || echo "procform: $1 did not stop"',
  '}',
];

const WAIT = [
  '# Sleep until a signal: wait returns as soon as a trapped signal arrives.',
  'while [ "$stopping" = 0 ]; do',
  '  sleep 3600 &',
  '  sleeper=$!',
  '  wait "$sleeper"',
  '  kill "$sleeper" 2>/dev/null',
  'done',
];

/** The sysvinit part of an image. */
export const sysvinitImage = (build: BuildResult): ManagerImage => {
  const scripts = startOrder(build).map(({ instance, entry }) => {
    const record = entryJson<SysvinitScript>(entry, RECORD_FILE);
    return { instance, script: `${entry.path}/${scriptPath(record.name)}` };
  });
  const start = [
    ...scriptHeader('runs the init scripts in the foreground: start in dependency order, stop in reverse on SIGTERM or SIGINT.'),
    ...FUNCTIONS,
    ...scripts.map(({ instance, script }) => `start ${quoteArgv([instance, script])}`),
    ...WAIT,
    ...[...scripts].reverse().map(({ instance, script }) => `stop ${quoteArgv([instance, script])}`),
    'exit 0',
    '',
  ].join('\n');
  return {
    items: [],
    roots: [],
    start,
    packages: [TINI, ...MANAGER_REQUIREMENTS.sysvinit],
    directories: [],
    procform: false,
  };
};
