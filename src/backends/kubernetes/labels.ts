/**
 * Labels and annotations. Labels select (Services → pods, `kubectl apply --prune` → the
 * deployment's objects); annotations carry what labels cannot hold (instance names may
 * contain any character) and what must not select (the entry hash).
 *
 * The generation is deliberately not a label of the rendered objects: its hash is only
 * known once every process is rendered, and stamping it into every pod template would roll
 * every Deployment on every switch. Instead the pod template carries its own entry's hash
 * (a changed process rolls, an unchanged one does not), and the activator records the
 * generation in one ConfigMap of its own at switch time.
 * @module
 */

/** The label `kubectl apply --prune` and `kubectl delete` select a deployment by. */
export const DEPLOYMENT_LABEL = 'procform.io/deployment';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const NAME_LABEL = 'app.kubernetes.io/name';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Hash part of the generation's store path, on the activator's generation ConfigMap only. */
export const GENERATION_LABEL = 'procform.io/generation';

/** The process's instance name in the model. */
export const INSTANCE_ANNOTATION = 'procform.io/instance';
/** The process's store entry, on the pod template: it changes exactly when the process's manifests do. */
export const ENTRY_ANNOTATION = 'procform.io/entry';

/** Labels of every object procform makes in a deployment. */
export const deploymentLabels = (deployment: string): Record<string, string> => ({
  [DEPLOYMENT_LABEL]: deployment,
  [MANAGED_BY_LABEL]: 'procform',
  [PART_OF_LABEL]: deployment,
});

/** Labels that select one process's pods; fixed for the process's life, since selectors cannot change. */
export const selectorLabels = (deployment: string, name: string): Record<string, string> => ({
  [DEPLOYMENT_LABEL]: deployment,
  [NAME_LABEL]: name,
});

/** Labels of one process's objects. */
export const processLabels = (deployment: string, name: string): Record<string, string> => ({
  ...deploymentLabels(deployment),
  [NAME_LABEL]: name,
});

/** The `-l` selector of a deployment's objects: both labels, so a stray `part-of` never gets pruned. */
export const pruneSelector = (deployment: string): string => `${DEPLOYMENT_LABEL}=${deployment},${MANAGED_BY_LABEL}=procform`;
