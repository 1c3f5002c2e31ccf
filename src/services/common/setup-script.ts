/**
 * The shell script a service runs as `initialize`: a store file, so what runs before each
 * start can be read in one place, and a change to it is a change of the generation.
 * @module
 */
import { quoteShell } from '../../render/shell.js';

/**
 * A `/bin/sh` script that stops at the first failing command. Its `fail MESSAGE` prints
 * one line naming the service (`label`) to standard error, where the process's log keeps
 * it, and exits with status 1.
 * @param label e.g. `postgresql "db"`
 * @param about comment lines saying what the script is for
 * @param body the script's commands, one line each
 */
export const setupScript = (label: string, about: readonly string[], body: readonly string[]): string => [
  '#!/bin/sh',
  ...about.map((line) => `# ${line}`),
  'set -eu',
  `fail() { printf '%s%s\\n' ${quoteShell(`${label}: `)} "$*" >&2; exit 1; }`,
  ...body,
  '',
].join('\n');
