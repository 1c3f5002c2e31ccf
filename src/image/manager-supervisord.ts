/**
 * A supervisord image: `supervisord -n` runs the generation's programs, linked into its
 * include directory exactly as the supervisord activator links them (every one with
 * autostart=false). `procform image-up` starts them through the activator, in dependency
 * order, each once it is ready (procform's probes, as on a machine). On SIGTERM supervisord
 * stops its programs one priority group at a time, highest first; priority follows
 * dependency depth, so dependents stop before what they depend on, each within its
 * stopwaitsecs.
 * @module
 */
import type { BuildResult } from '../build/build.js';
import type { BuildSettings } from '../generation/settings.js';
import { mainConfig, supervisordPaths } from '../backends/supervisord/manager.js';
import { PROGRAM_FILE } from '../backends/supervisord/translate.js';
import { supervisordRecordFile } from '../backends/supervisord/record.js';
import { quoteShell } from '../render/shell.js';
import { entryRecord, startOrder } from './build-facts.js';
import { MANAGER_REQUIREMENTS, TINI, type ManagerImage } from './manager-image.js';
import { imageUpArgv, wrapperScript } from './manager-wrapper.js';
import { startFailedMarker } from './paths.js';


/** supervisord's main configuration in the image: it logs to the container's output only. */
export const imageMainConfig = (settings: BuildSettings): string =>
  // supervisord -n logs to its stderr too: a log file would only repeat it.
  mainConfig(supervisordPaths(settings), true, false);

/** The supervisord part of an image. */
export const supervisordImage = (build: BuildResult, settings: BuildSettings): ManagerImage => {
  const paths = supervisordPaths(settings);
  const processes = startOrder(build).map((p) => ({ ...p, info: entryRecord(p.entry, supervisordRecordFile) }));
  const directories = [paths.runtimeDir, paths.logDir];
  const start = wrapperScript({
    purpose: 'supervisord, and procform image-up starting its programs in dependency order as each becomes ready.',
    directories,
    prepare: [`chmod 0700 ${quoteShell(paths.runtimeDir)}`],
    manager: ['supervisord', '-n', '-c', paths.mainConfig],
    pidFile: null,
    marker: startFailedMarker(settings.runtimeDir),
  }, imageUpArgv(build.generation.path, 'supervisord'));
  return {
    items: [
      { kind: 'file', path: paths.mainConfig, content: imageMainConfig(settings), executable: false },
      ...processes.map(({ entry, info }) => ({ kind: 'link' as const, path: `${paths.includeDir}/${info.program}.conf`, target: `${entry.path}/${PROGRAM_FILE}` })),
    ],
    roots: [paths.configDir],
    start,
    packages: [TINI, ...MANAGER_REQUIREMENTS.supervisord],
    directories,
  };
};
