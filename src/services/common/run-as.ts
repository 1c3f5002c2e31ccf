/**
 * Running a setup command as the service's own user from `initialize`, which runs as root
 * when user change is on (initdb and mariadb-install-db refuse root, and files they make
 * must belong to the service).
 * @module
 */
import type { ProcessParams } from '../../model/params.js';
import { quoteShell } from '../../render/shell.js';

/**
 * The shell prefix that runs a command as `user`: `runuser -u USER -- ` when user change is
 * on, nothing when it is off, since `initialize` then already runs as the deploying user.
 * @param params the model's parameters, for `forceDisableUserChange`
 * @param user the account to run as
 */
export const runAs = (params: Pick<ProcessParams, 'forceDisableUserChange'>, user: string): string =>
  params.forceDisableUserChange ? '' : `runuser -u ${quoteShell(user)} -- `;

/**
 * The shell prefix that runs a command as `user` by exec'ing it: `setpriv … -- ` when user
 * change is on, nothing when it is off. Unlike `runuser`, which stays behind as the
 * command's parent, the command keeps the shell's child pid and process group, so a server
 * that `initialize` starts in the background can be stopped by pid, and stopping
 * `initialize` stops it too.
 * @param group the primary group @default user
 */
export const execAs = (params: Pick<ProcessParams, 'forceDisableUserChange'>, user: string, group: string = user): string =>
  params.forceDisableUserChange ? '' : `setpriv --reuid=${quoteShell(user)} --regid=${quoteShell(group)} --init-groups -- `;
