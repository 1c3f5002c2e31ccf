/**
 * Names the swarm backend gives things. A stack deploy names each service
 * `<stack>_<key>` and labels everything it makes with the stack's namespace, which is how
 * `docker stack ps|rm` and this backend find a deployment's services.
 * @module
 */
import { InputError } from '../../errors.js';

/** Label Swarm puts on every service, network and task of a stack. */
export const STACK_LABEL = 'com.docker.stack.namespace';
/** Label carrying the instance key of the model, which the activator reports. */
export const INSTANCE_LABEL = 'io.procform.instance';
/** Label carrying the store entry the service was deployed from (its content hash). */
export const ENTRY_LABEL = 'io.procform.entry';
/** Label telling a oneshot (done once its task completed) from a longrun. */
export const TYPE_LABEL = 'io.procform.type';

/** A stack name: lower case, as stack and network names want it. */
export const STACK_PATTERN = /^[a-z0-9][a-z0-9_-]{0,30}$/;

/** A service key in a stack file, which is also its host name on an overlay network. */
const SERVICE_KEY = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** The stack's own overlay network, by its key in the stack file (Swarm names it `<stack>_default`). */
export const OVERLAY_KEY = 'default';

/** The service key of process `name`; refuses names Swarm would reject, or that cannot be a host name. */
export const serviceKey = (stack: string, name: string): string => {
  // Swarm limits a service name (`<stack>_<key>`) to 63 characters.
  if (!SERVICE_KEY.test(name) || stack.length + 1 + name.length > 63) {
    throw new InputError(
      `swarm: process name ${JSON.stringify(name)} cannot name a service of stack ${JSON.stringify(stack)}`,
      'a service name is a host name of letters, digits and "-", at most 63 characters with the stack name; rename the process (name: …)',
    );
  }
  return name;
};

/** The name Swarm gives the service of `key` in `stack`. */
export const serviceName = (stack: string, key: string): string => `${stack}_${key}`;
