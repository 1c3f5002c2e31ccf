/**
 * Who a web server's master process runs as. On this machine's process managers it runs
 * as root, binds its port (80 included) and opens its logs, then its workers drop to the
 * service's account, as nginx and Apache are meant to run. In a container (as the
 * backend's `params.placement` says: docker, kubernetes) the whole server runs as the
 * account instead, because the image does not know the account's name, which nginx's
 * `user` and Apache's `User` look up; a port below 1024 then depends on the container
 * runtime (docker allows it by default).
 * @module
 */
import type { ProcessParams } from '../../model/params.js';

/**
 * True when the server should start as root and switch its workers to the account; false
 * when the process itself runs as the account (in a container) or as the deploying user
 * (user change disabled).
 */
export const workersDropPrivileges = (params: Pick<ProcessParams, 'forceDisableUserChange' | 'placement'>): boolean =>
  !params.forceDisableUserChange && !params.placement.containers;
