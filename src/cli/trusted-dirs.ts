/**
 * The directories a deployment command acts in must be the user's own: checked before it
 * reads a state file, writes a log or starts a supervisor. `procform image` and builds are
 * not checked, as their directories are another machine's (a container's), which need not
 * exist here.
 * @module
 */
import { join } from 'node:path';
import { checkTrustedDirectory } from '../system/trusted-path.js';
import { resolveParams, type ModelOptions } from './params.js';

/**
 * Throws an `UntrustedPathError` when the state, runtime, log or lib dir the options select,
 * or procform's own directory in one of them, could have been planted or changed by another user.
 */
export const requireTrustedDirectories = (options: ModelOptions): void => {
  const params = resolveParams(options, {});
  const configured = [
    ['the state dir', params.stateDir], ['the runtime dir', params.runtimeDir], ['the log dir', params.logDir], ['the lib dir', params.libDir],
  ] as const;
  for (const [role, dir] of configured) checkTrustedDirectory(dir, role, { followLinks: true });
  // procform makes these itself, so a link there is somebody else's doing.
  for (const [role, dir] of configured.slice(1)) checkTrustedDirectory(join(dir, 'procform'), `procform's directory in ${role}`, { followLinks: false });
};
