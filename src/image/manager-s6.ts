/**
 * An s6 image: s6-svscan runs on a scan directory, and `procform image-up` installs the
 * generation's service directories there through the s6 activator (links into the entries,
 * each with its `down` file) and brings the services up in dependency order, each once it
 * is ready (notification fd, or procform's tcp, http, exec and log probes, as on a
 * machine). The service directories are made at the start rather than in the image: a
 * directory of an image layer cannot be renamed on overlayfs, and removing a service
 * renames its directory. s6-svscan's own SIGTERM handling would
 * bring all services down at once, so `.s6-svscan/SIGTERM` (and SIGINT) stops them in
 * reverse dependency order first, then tells s6-svscan to exit.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import type { BuildSettings } from '../generation/settings.js';
import { s6Paths } from '../backends/s6/manager.js';
import { s6RecordFile } from '../backends/s6/record.js';
import { quoteArgv, quoteShell } from '../render/shell.js';
import { entryRecord, startOrder } from './build-facts.js';
import { MANAGER_REQUIREMENTS, scriptHeader, TINI, type ManagerImage } from './manager-image.js';
import { imageUpArgv, wrapperScript } from './manager-wrapper.js';
import { imageFile, startFailedMarker } from './paths.js';

const STOPPER = imageFile('s6-down');
/** Milliseconds on top of timeout-kill for the finish script. */
const STOP_MARGIN_MS = 10_000;

const STOPPER_FUNCTIONS = [
  '# down NAME DIR TIMEOUT_MS',
  'down() {',
  '  echo "procform: stopping $1"',
  '  if [ "$(s6-svstat -o up "$2" 2>/dev/null)" = true ]; then',
  '    s6-svc -wD -T "$3" -d "$2" || echo "procform: $1 did not stop within $(($3 / 1000)) s"',
  '  else',
  '    s6-svc -d "$2" 2>/dev/null',
  '  fi',
  '  echo "procform: stopped $1"',
  '}',
];

/** The s6 part of an image. */
export const s6Image = (build: BuildResult, settings: BuildSettings): ManagerImage => {
  const paths = s6Paths(settings);
  const services = startOrder(build).map((p) => ({ ...p, dir: `${paths.scanDir}/${p.instance}`, record: entryRecord(p.entry, s6RecordFile) }));
  const stopper = [
    ...scriptHeader('run by s6-svscan on SIGTERM and SIGINT: stops the services in reverse dependency order, then s6-svscan.'),
    ...STOPPER_FUNCTIONS,
    ...[...services].reverse().map(({ instance, dir, record }) => `down ${quoteArgv([instance, dir, String(record.timeoutKill + STOP_MARGIN_MS)])}`),
    `exec s6-svscanctl -t ${quoteShell(paths.scanDir)}`,
    '',
  ].join('\n');
  const directories = [paths.runDir, paths.logDir];
  const start = wrapperScript({
    purpose: 's6-svscan, and procform image-up bringing the services up in dependency order as each becomes ready.',
    directories,
    prepare: [],
    manager: ['s6-svscan', paths.scanDir],
    // Where the s6 manager control of image-up looks for s6-svscan.
    pidFile: paths.pidFile,
    marker: startFailedMarker(settings.runtimeDir),
  }, imageUpArgv(build.generation.path, 's6'));
  return {
    items: [
      { kind: 'file', path: STOPPER, content: stopper, executable: true },
      { kind: 'link', path: `${paths.scanDir}/.s6-svscan/SIGTERM`, target: STOPPER },
      { kind: 'link', path: `${paths.scanDir}/.s6-svscan/SIGINT`, target: STOPPER },
    ],
    roots: [paths.scanDir],
    start,
    packages: [TINI, ...MANAGER_REQUIREMENTS.s6],
    directories,
  };
};
