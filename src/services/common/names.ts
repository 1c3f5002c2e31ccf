/**
 * Checks of constructor arguments that end up in generated files or file names, so a bad
 * value fails where the constructor was called rather than in a rendered file.
 * @module
 */
import { ServiceArgumentError as ArgumentError } from '../../errors.js';
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
