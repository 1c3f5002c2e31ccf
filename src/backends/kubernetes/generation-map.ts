/**
 * The ConfigMap that records which generation a deployment runs. The activator writes it
 * at switch time, next to the processes' own objects, so the generation's hash never has
 * to enter the manifests of the processes (see labels.ts).
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import type { ActivationGeneration } from '../../deploy/activator.js';
import { deploymentLabels, GENERATION_LABEL } from './labels.js';
import type { ConfigMapManifest } from './manifests.js';
import { generationMapName } from './names.js';
import type { KubernetesOptions } from './options.js';

/** A store hash, which is also a valid label value. */
const STORE_HASH = /^([0-9a-z]{32})-/;

/** The generation's ConfigMap: its store path, and each instance's entry. */
export const generationMap = (generation: ActivationGeneration, options: KubernetesOptions): ConfigMapManifest => {
  const hash = STORE_HASH.exec(generation.path.slice(generation.path.lastIndexOf('/') + 1))?.[1];
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: generationMapName(options.deployment),
      namespace: options.namespace,
      labels: { ...deploymentLabels(options.deployment), ...(hash !== undefined ? { [GENERATION_LABEL]: hash } : {}) },
    },
    data: {
      generation: generation.path,
      processes: canonicalJson(Object.fromEntries(generation.units.map((unit) => [unit.instance, unit.entry]))),
    },
  };
};
