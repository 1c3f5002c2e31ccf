/**
 * What the processes of a deployment share besides the network.
 * @module
 */
import type { ProcessParams } from '../../model/params.js';

/**
 * Whether every process of the deployment sees the same files, so that a Unix socket one
 * of them makes is reachable by another: as the backend declares it (`params.placement`).
 * On Kubernetes each pod has its own volumes even when it shares the node's network
 * (`serviceHost` is then "localhost" all the same).
 */
export const sharesFiles = (params: Pick<ProcessParams, 'placement'>): boolean => params.placement.sharedFiles;
