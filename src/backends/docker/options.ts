/**
 * The docker backend's options (`-o key=value`) and how the activator reads them back from
 * a generation's settings.
 * @module
 */
import type { BackendOptions } from '../../generation/settings.js';
import type { BackendOptionSpecs } from '../../deploy/backend-options.js';
import type { BuildSettings } from '../../generation/settings.js';
import { DEPLOYMENT_PATTERN } from './names.js';

/** The image every process runs in unless `overrides.docker.image` names another. */
export const DEFAULT_IMAGE = 'debian:bookworm-slim';

/** An image reference; never starting with "-", so it cannot pass for a flag of `docker create`. */
export const IMAGE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/:@-]*$/;

/** The options the docker backend declares. */
export const DOCKER_OPTIONS: BackendOptionSpecs = {
  image: {
    description: 'image every process runs in (must provide the interpreters the processes need, e.g. node)',
    default: DEFAULT_IMAGE,
    pattern: IMAGE_PATTERN,
  },
  network: {
    description: "bridge: a network of the deployment's own, processes reach each other by name; host: the host's network",
    default: 'bridge',
    values: ['bridge', 'host'],
  },
  deployment: {
    description: 'names the deployment: containers <deployment>-<name>, label io.procform.deployment, the bridge network (lower-case letters, digits, "_", "-")',
    default: 'procform',
    pattern: DEPLOYMENT_PATTERN,
  },
};

/** The options as the activator reads them from a generation (defaults for anything missing). */
export const dockerOptions = (settings: BuildSettings): { image: string; network: string; deployment: string } => {
  const options: BackendOptions = settings.backendOptions ?? {};
  return {
    image: options.image ?? DEFAULT_IMAGE,
    network: options.network ?? 'bridge',
    deployment: options.deployment ?? 'procform',
  };
};
