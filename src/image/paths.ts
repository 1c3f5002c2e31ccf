/**
 * Fixed places inside an image, and the check every path placed in the image passes.
 * @module
 */
import { posix } from 'node:path';
import { InputError } from '../errors.js';

/** Scripts and data procform generates for the image. */
export const IMAGE_DIR = '/etc/procform/image';

/** Where a mutable image keeps the model (with its ids file, when it sits next to it). */
export const MODEL_DIR = '/etc/procform/model';

/** Where a mutable image keeps an ids file given with --ids. */
export const IDS_FILE = '/etc/procform/ids.json';

/** The procform package in images that run procform. */
export const PROCFORM_HOME = '/opt/procform';

/** `procform` on the image's PATH, with the image's settings. */
export const PROCFORM_COMMAND = '/usr/local/bin/procform';

/**
 * Left by `procform image-up` when the processes of an image did not come up: the start
 * script then exits non-zero once the manager has ended. It lies in the runtime directory,
 * which the start script empties of it at every start.
 */
export const startFailedMarker = (runtimeDir: string): string => `${runtimeDir}/procform/image-start-failed`;

/** A file of {@link IMAGE_DIR}. */
export const imageFile = (name: string): string => `${IMAGE_DIR}/${name}`;

/**
 * Checks a path that will be placed in the image: absolute, normalized, no `..`, no line
 * breaks (the context directory mirrors it below `rootfs/`, so it must not escape).
 */
export const checkImagePath = (path: string, what: string): string => {
  if (!path.startsWith('/') || posix.normalize(path) !== path || path.split('/').includes('..') || /[\0\n\r]/.test(path) || path === '/') {
    throw new InputError(`${what} ${JSON.stringify(path)} cannot be placed in the image`, 'use an absolute, normalized path other than /');
  }
  return path.endsWith('/') ? path.slice(0, -1) : path;
};
