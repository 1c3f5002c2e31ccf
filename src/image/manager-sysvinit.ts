/**
 * A sysvinit image: sysvinit has no daemon, so the main process under tini is a compound
 * script. `procform image-up` runs each init script's `start` through the sysvinit
 * activator, in dependency order, each once it is ready (procform's probes, as on a
 * machine); when one does not come up, it stops what started and the script exits 1.
 * Otherwise the script waits for SIGTERM or SIGINT, then runs `stop` in reverse order and
 * exits 0. Crashed processes are not restarted (sysvinit does not supervise); daemons
 * that outlive their parent are reaped by tini.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import { scriptPath } from '../backends/sysvinit/render.js';
import { sysvinitRecordFile } from '../backends/sysvinit/record.js';
import { quoteArgv } from '../render/shell.js';
import { entryRecord, startOrder } from './build-facts.js';
import { MANAGER_REQUIREMENTS, scriptHeader, TINI, type ManagerImage } from './manager-image.js';
import { imageUpArgv } from './manager-wrapper.js';

const FUNCTIONS = [
  'stopping=0',
  "trap 'stopping=1' TERM INT",
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
    const record = entryRecord(entry, sysvinitRecordFile);
    return { instance, script: `${entry.path}/${scriptPath(record.name)}` };
  });
  const start = [
    ...scriptHeader('brings the init scripts up with procform image-up, then on SIGTERM or SIGINT stops them in reverse order.'),
    ...FUNCTIONS,
    '# A stop signal during the start is handled once the start is over.',
    `${quoteArgv(imageUpArgv(build.generation.path, 'sysvinit'))} || exit 1`,
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
  };
};
