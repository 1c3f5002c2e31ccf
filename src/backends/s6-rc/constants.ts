/**
 * Names the s6-rc backend gives its source definitions, shared by translate, render and
 * the activator.
 * @module
 */

/** The bundle every process belongs to. */
export const DEFAULT_BUNDLE = 'default';

/**
 * Where an entry keeps its record, for the activator: under a dot name, which s6-rc-compile
 * skips, and named after the process, so entries copied into one tree do not collide.
 */
export const recordPath = (name: string): string => `${RECORDS_DIR}/${name}.json`;

/** The directory of `recordPath`. */
export const RECORDS_DIR = '.procform-records';
