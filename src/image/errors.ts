/**
 * The error of a failed image build.
 * @module
 */
import { ProcformError } from '../errors.js';

/** `docker build` (or podman's) could not run or failed; the message carries its last output. */
export class ImageBuildError extends ProcformError {
  readonly code = 'IMAGE_BUILD';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
