/**
 * The swarm backend's options (`-o key=value`) and how the activator reads them back from
 * a generation's settings.
 * @module
 */
import type { BackendOptionSpecs } from '../../deploy/backend-options.js';
import type { BuildSettings } from '../../generation/settings.js';
import { DEFAULT_IMAGE, IMAGE_PATTERN } from '../docker/index.js';
import { STACK_PATTERN } from './names.js';

/** The options the swarm backend declares. */
export const SWARM_OPTIONS: BackendOptionSpecs = {
  image: {
    description: 'image every service runs (must provide the interpreters the processes need, e.g. node); on several nodes, one every node can pull',
    default: DEFAULT_IMAGE,
    pattern: IMAGE_PATTERN,
  },
  stack: {
    description: 'the stack: services <stack>_<name>, its networks (lower-case letters, digits, "_", "-"; at most 31)',
    default: 'procform',
    pattern: STACK_PATTERN,
  },
  network: {
    description: "host: the nodes' network; overlay: a network of the stack's own, processes reach each other by name",
    default: 'host',
    values: ['host', 'overlay'],
  },
  endpointMode: {
    description: 'on the overlay network: dnsrr, a name resolves to the tasks\' addresses; vip, to a virtual address (needs the routing mesh, which needs iptables)',
    default: 'dnsrr',
    values: ['dnsrr', 'vip'],
  },
  resolveImage: {
    description: "whether `docker stack deploy` asks the registry for the image's digest (always, changed) or uses the image as named (never: a local image)",
    default: 'never',
    values: ['always', 'changed', 'never'],
  },
};

/** The options as translate and the activator read them. */
export interface SwarmOptions {
  readonly image: string;
  readonly stack: string;
  readonly network: 'host' | 'overlay';
  readonly endpointMode: 'dnsrr' | 'vip';
  readonly resolveImage: 'always' | 'changed' | 'never';
}

/** The options of a generation, defaults for anything missing. */
export const swarmOptions = (settings: BuildSettings): SwarmOptions => {
  const options = settings.backendOptions ?? {};
  return {
    image: options.image ?? DEFAULT_IMAGE,
    stack: options.stack ?? 'procform',
    network: options.network === 'overlay' ? 'overlay' : 'host',
    endpointMode: options.endpointMode === 'vip' ? 'vip' : 'dnsrr',
    resolveImage: options.resolveImage === 'always' || options.resolveImage === 'changed' ? options.resolveImage : 'never',
  };
};
