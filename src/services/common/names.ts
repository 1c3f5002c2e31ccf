/**
 * Checks of constructor arguments that end up in generated files or file names, so a bad
 * value fails where the constructor was called rather than in a rendered file.
 * @module
 */
import { ServiceArgumentError as ArgumentError } from '../../model/errors.js';
import { captureUserFrames } from '../../model/call-site.js';

/**
 * Thrown for an argument a service constructor cannot accept; it records the user's call,
 * where procform reports the problem.
 */
export class ServiceArgumentError extends ArgumentError {
  /**
   * @param service the constructor, e.g. "postgresql"
   * @param argument the argument's path, e.g. "databases[0].name"
   * @param problem what is wrong with it
   */
  constructor(service: string, argument: string, problem: string) {
    super(service, argument, problem, captureUserFrames());
  }
}

const PROCESS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Requires a name usable as a process, instance and file name. */
export const requireName = (service: string, argument: string, value: string): string => {
  if (!PROCESS_NAME.test(value)) throw new ServiceArgumentError(service, argument, `${JSON.stringify(value)} must be letters, digits and "_.-", starting with a letter or digit`);
  return value;
};

/** Requires a TCP port number. */
export const requirePort = (service: string, argument: string, value: number): number => {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new ServiceArgumentError(service, argument, `${value} is not a port number (1-65535)`);
  return value;
};

/** Requires an absolute path without characters that no configuration format can carry. */
export const requirePath = (service: string, argument: string, value: string): string => {
  if (!value.startsWith('/') || /[\0\n\r]/.test(value)) throw new ServiceArgumentError(service, argument, `${JSON.stringify(value)} must be an absolute path without NUL or line breaks`);
  return value;
};

// Directories shared by everyone on the machine: a service must never be given one, since
// procform makes a state directory belong to the service's user with the service's mode.
const SHARED_DIRECTORIES = new Set(['/', '/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm', '/var', '/var/lib', '/usr', '/etc', '/home', '/root']);

/**
 * Requires an absolute path for a directory of the service's own (a data or socket
 * directory), which procform creates and gives to the service's user.
 */
export const requireOwnDirectory = (service: string, argument: string, value: string): string => {
  requirePath(service, argument, value);
  const normalized = value.replace(/\/+$/, '') || '/';
  if (SHARED_DIRECTORIES.has(normalized)) throw new ServiceArgumentError(service, argument, `${JSON.stringify(value)} is a directory shared by the whole machine; give the service one of its own, since it is made to belong to the service's user`);
  return normalized;
};

/** Unix socket paths must fit in `sun_path`: 108 bytes with the final NUL. */
export const MAX_SOCKET_PATH = 107;
