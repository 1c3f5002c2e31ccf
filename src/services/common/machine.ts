/**
 * What the processes of a deployment share besides the network.
 * @module
 */
import type { ProcessParams } from '../../model/params.js';

/**
 * Whether every process of the deployment sees the same files, so that a Unix socket one
 * of them makes is reachable by another: true on one machine and on the docker backend,
 * whose containers mount the deployment's directories; false on Kubernetes, where each pod
 * has its own volumes even when it shares the node's network (`serviceHost` is then
 * "localhost" all the same).
 */
export const sharesFiles = (params: Pick<ProcessParams, 'processManager'>): boolean => params.processManager !== 'kubernetes';
