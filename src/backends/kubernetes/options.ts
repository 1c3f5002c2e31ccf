/**
 * The Kubernetes backend's options (`-o key=value`), and their typed reading from a
 * generation's settings. Every value ends up in a manifest or on kubectl's command line,
 * so each one is held to the syntax Kubernetes accepts for it.
 * @module
 */
import type { BuildSettings } from '../../generation/settings.js';
import type { BackendOptions } from '../../generation/settings.js';
import type { BackendOptionSpecs } from '../../deploy/backend-options.js';

/** A DNS-1123 label: what Kubernetes accepts as a namespace name. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A label value: at most 63 characters, alphanumeric at both ends; here never empty. */
export const LABEL_VALUE = /^(?=.{1,63}$)[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** An image reference without whitespace or control characters (the registry checks the rest). */
const IMAGE = /^[^\s\p{Cc}]{1,255}$/u;

/** A storage quantity such as `1Gi`, `500Mi` or `10G`. */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** What `-o` accepts for `-P kubernetes`. */
export const OPTION_SPECS: BackendOptionSpecs = {
  namespace: { description: 'namespace of every object (a DNS-1123 label)', default: 'default', pattern: DNS_LABEL },
  deployment: {
    description: 'value of the procform.io/deployment and app.kubernetes.io/part-of labels that kubectl apply --prune selects on (a label value)',
    default: 'procform',
    pattern: LABEL_VALUE,
  },
  image: {
    description: 'container image of every process (per process: overrides.kubernetes.image); it must hold the executables unless hostPaths=true',
    default: 'debian:bookworm-slim',
    pattern: IMAGE,
  },
  hostNetwork: { description: "run pods in the node's network namespace; processes reach each other on localhost", default: 'false', values: ['false', 'true'] },
  hostPaths: {
    description: "mount the store and each executable's directory read-only from the node (single-node clusters, podman kube play)",
    default: 'false',
    values: ['false', 'true'],
  },
  stateStorage: { description: 'size of the volume claim of each state directory (a quantity such as 1Gi)', default: '1Gi', pattern: QUANTITY },
};

/** The options as the backend uses them. */
export interface KubernetesOptions {
  readonly namespace: string;
  readonly deployment: string;
  readonly image: string;
  readonly hostNetwork: boolean;
  readonly hostPaths: boolean;
  readonly stateStorage: string;
}

/** Reads resolved options (every one present, checked by `resolveBackendOptions`). */
export const kubernetesOptions = (options: BackendOptions | undefined): KubernetesOptions => {
  const value = (key: string): string => options?.[key] ?? OPTION_SPECS[key]!.default;
  return {
    namespace: value('namespace'),
    deployment: value('deployment'),
    image: value('image'),
    hostNetwork: value('hostNetwork') === 'true',
    hostPaths: value('hostPaths') === 'true',
    stateStorage: value('stateStorage'),
  };
};

/** The options a generation was built with. */
export const optionsOf = (settings: BuildSettings): KubernetesOptions => kubernetesOptions(settings.backendOptions);
