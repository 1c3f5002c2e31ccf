/**
 * Whether a manager's programs are installed here, for a backend's `cannotRunHere`: the
 * first one missing, and the package that provides it.
 * @module
 */
import { findProgram } from '../system/host.js';

/** A program a manager needs, and where it comes from. */
export interface NeededProgram {
  readonly command: string;
  /** How to get it, e.g. "apt-get install supervisor". */
  readonly install: string;
}

/** Why the programs cannot all be found on PATH, or null when they can. */
export const missingProgram = (programs: readonly NeededProgram[]): string | null => {
  const missing = programs.find((p) => findProgram(p.command) === undefined);
  return missing === undefined ? null : `${missing.command} is not installed (${missing.install})`;
};

/** Why a manager of another operating system cannot run here, or null on that system. */
export const otherSystem = (platforms: readonly NodeJS.Platform[], name: string, checked: string): string | null =>
  platforms.includes(process.platform) ? null : `${name}; ${checked}`;
