/**
 * The start script of an image whose manager is a daemon (supervisord, s6-svscan). It runs
 * the manager as its child and `procform image-up` beside it, which brings the processes
 * up through the manager once it answers. The script stays between tini and the manager
 * for one reason: a manager ended because the processes did not come up must make the
 * container exit non-zero, and neither manager can exit with a code of its choosing. So
 * the script passes SIGTERM and SIGINT on (ending the start sequence first), waits for the
 * manager, and exits 1 when image-up left its failure marker, else with the manager's code.
 * @module
 */
import { quoteArgv, quoteShell } from '../render/shell.js';
import { scriptHeader } from './manager-image.js';
import { PROCFORM_COMMAND } from './paths.js';
import type { ImageManager } from './types.js';

/** What the start script runs. */
export interface ManagerWrapper {
  /** The comment line of the script. */
  readonly purpose: string;
  /** Made before the manager starts (the state dir may be a fresh volume). */
  readonly directories: readonly string[];
  /** More shell lines run before the manager starts, each checked. */
  readonly prepare: readonly string[];
  /** The manager in the foreground. */
  readonly manager: readonly string[];
  /** Where the manager's pid goes, for managers that do not write it themselves. */
  readonly pidFile: string | null;
  /** The failure marker image-up leaves. */
  readonly marker: string;
}

/** `procform image-up` for a generation. */
export const imageUpArgv = (generation: string, manager: ImageManager): string[] =>
  [PROCFORM_COMMAND, 'image-up', '--generation', generation, '-P', manager];

/** The script text; `starter` is the image-up argv. */
export const wrapperScript = (wrapper: ManagerWrapper, starter: readonly string[]): string => [
  ...scriptHeader(wrapper.purpose),
  ...wrapper.directories.map((dir) => `mkdir -p -- ${quoteShell(dir)} || exit 1`),
  ...wrapper.prepare.map((line) => `${line} || exit 1`),
  `rm -f -- ${quoteShell(wrapper.marker)}`,
  `${quoteArgv(wrapper.manager)} &`,
  'manager=$!',
  ...(wrapper.pidFile === null ? [] : [`echo "$manager" > ${quoteShell(wrapper.pidFile)}`]),
  `${quoteArgv(starter)} &`,
  'starter=$!',
  '# A stop ends the start sequence first, so it starts nothing the manager is stopping.',
  'trap \'kill -TERM "$starter" 2>/dev/null; kill -TERM "$manager" 2>/dev/null\' TERM INT',
  '# wait returns early when a trapped signal arrives: wait again until the manager has exited.',
  'while :; do',
  '  wait "$manager"',
  '  status=$?',
  '  kill -0 "$manager" 2>/dev/null || break',
  'done',
  'kill -TERM "$starter" 2>/dev/null',
  `if [ -e ${quoteShell(wrapper.marker)} ]; then`,
  `  echo "procform: the processes did not come up: $(cat ${quoteShell(wrapper.marker)})" >&2`,
  '  exit 1',
  'fi',
  'exit "$status"',
  '',
].join('\n');
