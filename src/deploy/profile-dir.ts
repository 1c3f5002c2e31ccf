/**
 * Where the generations of a backend's deployment are kept.
 * @module
 */
import { join } from 'node:path';

/** The profile directory of a backend under a lib dir. */
export const profileDir = (libDir: string, backend: string): string => join(libDir, 'procform', 'profiles', backend);
