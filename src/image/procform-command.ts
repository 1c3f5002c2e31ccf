/**
 * `procform` on the image's PATH: a small shell wrapper that runs the copied package with
 * the directories the image was built with (and, in a mutable image, its model), so
 * `docker exec CONTAINER procform status` or `procform switch` need no flags. A variable
 * the caller sets wins over the image's value; flags win over both.
 * @module
 */
import type { BuildSettings } from '../generation/settings.js';
import { quoteShell } from '../render/shell.js';
import { scriptHeader } from './manager-image.js';
import { PROCFORM_HOME } from './paths.js';

/** Environment variables procform reads, by setting. */
const DIRECTORY_VARIABLES = [
  ['PROCFORM_STATE_DIR', 'stateDir'],
  ['PROCFORM_RUNTIME_DIR', 'runtimeDir'],
  ['PROCFORM_LOG_DIR', 'logDir'],
  ['PROCFORM_TMP_DIR', 'tmpDir'],
  ['PROCFORM_CACHE_DIR', 'cacheDir'],
  ['PROCFORM_SPOOL_DIR', 'spoolDir'],
  ['PROCFORM_LOCK_DIR', 'lockDir'],
  ['PROCFORM_LIB_DIR', 'libDir'],
  ['PROCFORM_STORE_DIR', 'storeDir'],
] as const;

/** The image's procform settings as environment variables, in a fixed order. */
export const imageEnvironment = (settings: BuildSettings, extra: Readonly<Record<string, string>> = {}): [string, string][] => [
  ...DIRECTORY_VARIABLES.map(([name, key]): [string, string] => [name, settings[key]]),
  ['PROCFORM_FORCE_DISABLE_USER_CHANGE', settings.forceDisableUserChange ? '1' : '0'],
  ...Object.entries(extra).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
];

/** The wrapper script. */
export const procformWrapper = (environment: readonly (readonly [string, string])[]): string => [
  ...scriptHeader('procform with the settings this image was built with; a variable set by the caller wins.'),
  ...environment.map(([name, value]) => `if [ -z "\${${name}+x}" ]; then ${name}=${quoteShell(value)}; export ${name}; fi`),
  `exec node ${PROCFORM_HOME}/bin/procform.js "$@"`,
  '',
].join('\n');
