/**
 * Object names. Every object of a process is named after its instance (the key in the
 * processes model), because that is all `params.serviceHost` receives: a model must be
 * able to compute a Service's name before the process is rendered.
 * @module
 */
import { createHash } from 'node:crypto';

/** Longest name before the collision suffix: leaves room for `-env`, pod suffixes and StatefulSet revision labels. */
const MAX_BASE = 40;

/** Names that are already valid DNS-1035 labels (Service names) and short enough. */
const CLEAN = new RegExp(`^[a-z]([-a-z0-9]{0,${MAX_BASE - 2}}[a-z0-9])?$`);

const shortHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 6);

/**
 * The name of a process's objects: the instance itself when it is a lower-case DNS-1035
 * label of at most 40 characters; otherwise lower-cased, other characters turned into
 * `-`, prefixed with `p-` unless it starts with a letter, cut to 40 characters, and
 * suffixed with a hash of the instance so that two instances never share a name.
 */
export const resourceName = (instance: string): string => {
  if (CLEAN.test(instance)) return instance;
  let base = instance.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(base)) base = `p-${base}`.replace(/-+$/, '');
  base = base.slice(0, MAX_BASE).replace(/-+$/, '');
  return `${base}-${shortHash(instance)}`;
};

/** Name of the Secret the activator writes with a process's secret values. */
export const secretName = (name: string): string => `${name}-secrets`;

/** Name of the ConfigMap that holds a process's environment. */
export const environmentName = (name: string): string => `${name}-env`;

/** Name of the ConfigMap the activator writes for the generation that is applied. */
export const generationMapName = (deployment: string): string => `${resourceName(deployment)}-generation`;

/**
 * Where the process `instance` is reachable from the others (`params.serviceHost`):
 * localhost when pods share the node's network, else its Service's name, which resolves
 * within the namespace.
 */
export const serviceHost = (instance: string, options: { readonly hostNetwork: boolean }): string =>
  options.hostNetwork ? 'localhost' : resourceName(instance);
