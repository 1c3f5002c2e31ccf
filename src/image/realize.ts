/**
 * Realizing store entries for an image. Entries with `postInstall` are built in a private
 * temporary directory rather than in the store directory: the image's store path is a
 * path inside the image, which need not exist (or be writable) on this machine. The
 * result is the same entry `realizeWithPostInstall` makes, since both replace the build
 * directory with the entry's own path before hashing.
 * @module
 */
import { tmpdir } from 'node:os';
import { postInstallRealizer, type Realize } from '../build/realize.js';

/** Realization that runs `postInstall` with `sh -e` in a temporary directory. */
export const realizeForImage: Realize = postInstallRealizer(() => tmpdir());
