/**
 * Checks of constructor arguments that end up in generated files or file names, so a bad
 * value fails where the constructor was called rather than in a rendered file.
 * @module
 */
import { ServiceArgumentError } from '../../errors.js';

export { ServiceArgumentError };

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
