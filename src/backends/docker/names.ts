/**
 * Names the docker backend gives things: the deployment's containers, its labels and its
 * bridge network. They are all derived from the `deployment` option, so two deployments on
 * one engine never see each other's containers.
 * @module
 */
import { InputError } from '../../errors.js';

/** Label that marks every container (and the network) of a deployment. */
export const DEPLOYMENT_LABEL = 'io.procform.deployment';
/** Label carrying the instance key of the model, which the activator reports. */
export const INSTANCE_LABEL = 'io.procform.instance';
/** Label carrying the store entry the container was created from (its content hash). */
export const ENTRY_LABEL = 'io.procform.entry';
/** Label telling a oneshot (done once it exited 0) from a longrun. */
export const TYPE_LABEL = 'io.procform.type';

/**
 * A deployment name: lower case, so it is also a valid compose project name, and short
 * enough that `<deployment>-<process>` stays a readable container name.
 */
export const DEPLOYMENT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** What docker accepts as a container name. */
const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** What a network alias must look like to resolve through the network's DNS. */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$/;

/** The container of process `name` in `deployment`; refuses names docker would reject. */
export const containerName = (deployment: string, name: string): string => {
  const container = `${deployment}-${name}`;
  if (!CONTAINER_NAME.test(container)) {
    throw new InputError(
      `docker: process name ${JSON.stringify(name)} cannot be part of a container name`,
      'container names consist of letters, digits, "_", "." and "-"; rename the process (name: …)',
    );
  }
  return container;
};

/** Checks that `alias` can be a network alias (a host name other containers resolve). */
export const checkAlias = (alias: string, instance: string): string => {
  if (!HOST_NAME.test(alias)) {
    throw new InputError(
      `docker: ${JSON.stringify(alias)} of instance "${instance}" cannot be a network alias`,
      'on a bridge network each process is reachable by its name, which must be a host name (letters, digits, "-", "_", "."); rename it or use -o network=host',
    );
  }
  return alias;
};

/** The bridge network of a deployment. */
export const networkName = (deployment: string): string => deployment;
