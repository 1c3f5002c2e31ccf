/**
 * A supervisord image: `supervisord -n` is the main process under tini, with the
 * generation's programs linked into its include directory exactly as the supervisord
 * activator links them. On SIGTERM supervisord stops its programs one priority group
 * at a time, highest first; priority follows dependency depth, so dependents stop before
 * what they depend on, each within its stopwaitsecs.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import type { BuildSettings } from '../backends/backend.js';
import { mainConfig, supervisordPaths } from '../backends/supervisord/manager.js';
import { ACTIVATION_FILE, PROGRAM_FILE, type SupervisordActivation } from '../backends/supervisord/translate.js';
import { canonicalJson } from '../render/json.js';
import { quoteShell } from '../render/shell.js';
import { entryJson, startOrder } from './build-facts.js';
import { MANAGER_REQUIREMENTS, scriptHeader, TINI, type ManagerImage } from './manager-image.js';
import { imageFile } from './paths.js';
import { SUPERVISORD_STARTER } from './supervisord-starter.js';

const STARTER = imageFile('supervisord-start');
const STARTER_PLAN = imageFile('supervisord-start.json');
/** Program name of the starter; model names start with a letter or digit, so it cannot clash. */
export const STARTER_PROGRAM = '_procform_start';

type EntryInfo = SupervisordActivation & { readonly program: string };

/** supervisord's main configuration in the image: logs to the container's stdout, starts only the starter. */
export const imageMainConfig = (settings: BuildSettings): string => [
  // supervisord -n logs to its stderr too: a log file would only repeat it.
  mainConfig(supervisordPaths(settings), true, false),
  `[program:${STARTER_PROGRAM}]`,
  `command=/usr/bin/python3 ${STARTER} ${STARTER_PLAN}`,
  'autostart=true',
  'autorestart=false',
  'startsecs=0',
  'startretries=0',
  'priority=0',
  'stdout_logfile=/dev/stdout',
  'stdout_logfile_maxbytes=0',
  'redirect_stderr=true',
  '',
].join('\n');

/** The supervisord part of an image. */
export const supervisordImage = (build: BuildResult, settings: BuildSettings): ManagerImage => {
  const paths = supervisordPaths(settings);
  const processes = startOrder(build).map((p) => ({ ...p, info: entryJson<EntryInfo>(p.entry, ACTIVATION_FILE) }));
  const plan = {
    socket: paths.socket,
    processes: processes.map(({ instance, info }) => ({
      instance, program: info.program, type: info.type, stateDirs: info.stateDirs, dependencies: info.dependencies, timeout: info.readiness?.timeout ?? 60,
    })),
  };
  const directories = [paths.runtimeDir, paths.logDir];
  const start = [
    ...scriptHeader('supervisord in the foreground; its starter program starts the processes in dependency order.'),
    ...directories.map((dir) => `mkdir -p -- ${quoteShell(dir)} || exit 1`),
    `chmod 0700 ${quoteShell(paths.runtimeDir)} || exit 1`,
    `exec supervisord -n -c ${quoteShell(paths.mainConfig)}`,
    '',
  ].join('\n');
  return {
    items: [
      { kind: 'file', path: paths.mainConfig, content: imageMainConfig(settings), executable: false },
      { kind: 'file', path: STARTER, content: SUPERVISORD_STARTER, executable: true },
      { kind: 'file', path: STARTER_PLAN, content: canonicalJson(plan), executable: false },
      ...processes.map(({ entry, info }) => ({ kind: 'link' as const, path: `${paths.includeDir}/${info.program}.conf`, target: `${entry.path}/${PROGRAM_FILE}` })),
    ],
    roots: [paths.configDir],
    start,
    packages: [TINI, ...MANAGER_REQUIREMENTS.supervisord],
    directories,
    procform: false,
  };
};
