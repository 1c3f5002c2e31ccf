/**
 * An s6 image: s6-svscan is the main process under tini, on a scan directory whose service
 * directories link into the generation's entries as the s6 activator installs them (each
 * with its `down` file, so nothing starts by itself). A starter brings the services up in
 * dependency order, waiting for each to be up (ready, with a notification fd). s6-svscan's
 * own SIGTERM handling would bring all services down at once, so `.s6-svscan/SIGTERM` (and
 * SIGINT) stops them in reverse dependency order first, then tells s6-svscan to exit.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import type { BuildSettings } from '../backends/backend.js';
import { s6Paths } from '../backends/s6/manager.js';
import { RECORD_FILE, SERVICE_FILES } from '../backends/s6/render.js';
import type { S6Service } from '../backends/s6/translate.js';
import { quoteArgv, quoteShell } from '../render/shell.js';
import { entryHas, entryJson, startOrder } from './build-facts.js';
import { MANAGER_REQUIREMENTS, scriptHeader, TINI, type ManagerImage } from './manager-image.js';
import { imageFile } from './paths.js';
import type { ImageItem } from './types.js';

const STARTER = imageFile('s6-up');
const STOPPER = imageFile('s6-down');
/** Milliseconds a service without readiness may take to be up (as in the activator). */
const UP_TIMEOUT_MS = 30_000;
/** Milliseconds on top of timeout-kill for the finish script. */
const STOP_MARGIN_MS = 10_000;

const STARTER_FUNCTIONS = [
  "failed=' '",
  '# up NAME DIR u|U|oneshot TIMEOUT_MS [DEPENDENCY...]',
  'up() {',
  '  name=$1 dir=$2 wait=$3 ms=$4',
  '  shift 4',
  '  for dep in "$@"; do',
  '    case $failed in *" $dep "*) failed="$failed$name "; echo "procform: $name not started: its dependency $dep did not come up"; return 0 ;; esac',
  '  done',
  '  i=0',
  '  until s6-svok "$dir" 2>/dev/null; do',
  '    i=$((i + 1))',
  '    if [ "$i" -gt 200 ]; then failed="$failed$name "; echo "procform: s6-svscan does not supervise $name"; return 0; fi',
  '    sleep 0.05',
  '  done',
  '  if [ "$wait" = oneshot ]; then',
  '    s6-svc -wu -T "$ms" -u "$dir" && s6-svwait -D -t "$ms" "$dir" && [ "$(s6-svstat -o exitcode "$dir")" = 0 ]',
  '  else',
  '    s6-svc -w"$wait" -T "$ms" -u "$dir"',
  '  fi',
  '  if [ $? = 0 ]; then echo "procform: started $name"; else failed="$failed$name "; echo "procform: $name did not come up"; fi',
  '}',
];

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

const waitKind = (record: S6Service): string => (record.type === 'oneshot' ? 'oneshot' : record.notificationFd !== null ? 'U' : 'u');

const upTimeout = (record: S6Service): number =>
  record.type === 'oneshot' || record.notificationFd !== null ? Math.round((record.readiness?.timeout ?? 60) * 1000) : UP_TIMEOUT_MS;

/** The s6 part of an image. */
export const s6Image = (build: BuildResult, settings: BuildSettings): ManagerImage => {
  const paths = s6Paths(settings);
  const starterPid = `${paths.runDir}/image-up.pid`;
  const services = startOrder(build).map((p) => ({ ...p, dir: `${paths.scanDir}/${p.instance}`, record: entryJson<S6Service>(p.entry, RECORD_FILE) }));
  const links: ImageItem[] = services.flatMap(({ dir, entry }) => [
    ...SERVICE_FILES.filter((name) => entryHas(entry, name)).map((name) => ({ kind: 'link' as const, path: `${dir}/${name}`, target: `${entry.path}/${name}` })),
    { kind: 'link' as const, path: `${dir}/log/run`, target: `${entry.path}/log/run` },
  ]);
  const starter = [
    ...scriptHeader('brings the s6 services up in dependency order once s6-svscan supervises them.'),
    ...STARTER_FUNCTIONS,
    ...services.map(({ instance, dir, record, dependencies }) => `up ${quoteArgv([instance, dir, waitKind(record), String(upTimeout(record)), ...dependencies])}`),
    '',
  ].join('\n');
  const stopper = [
    ...scriptHeader('run by s6-svscan on SIGTERM and SIGINT: stops the services in reverse dependency order, then s6-svscan.'),
    `if [ -s ${quoteShell(starterPid)} ]; then kill "$(cat ${quoteShell(starterPid)})" 2>/dev/null; rm -f ${quoteShell(starterPid)}; fi`,
    ...STOPPER_FUNCTIONS,
    ...[...services].reverse().map(({ instance, dir, record }) => `down ${quoteArgv([instance, dir, String(record.timeoutKill + STOP_MARGIN_MS)])}`),
    `exec s6-svscanctl -t ${quoteShell(paths.scanDir)}`,
    '',
  ].join('\n');
  const directories = [paths.runDir, paths.logDir];
  const start = [
    ...scriptHeader('s6-svscan in the foreground; the starter brings the services up in dependency order.'),
    ...directories.map((dir) => `mkdir -p -- ${quoteShell(dir)} || exit 1`),
    `${STARTER} &`,
    `echo "$!" > ${quoteShell(starterPid)}`,
    `exec s6-svscan ${quoteShell(paths.scanDir)}`,
    '',
  ].join('\n');
  return {
    items: [
      ...links,
      { kind: 'file', path: STARTER, content: starter, executable: true },
      { kind: 'file', path: STOPPER, content: stopper, executable: true },
      { kind: 'link', path: `${paths.scanDir}/.s6-svscan/SIGTERM`, target: STOPPER },
      { kind: 'link', path: `${paths.scanDir}/.s6-svscan/SIGINT`, target: STOPPER },
    ],
    roots: [paths.scanDir],
    start,
    packages: [TINI, ...MANAGER_REQUIREMENTS.s6],
    directories,
    procform: false,
  };
};
