/**
 * Renders a process's objects as YAML documents (`manifests.yaml`) and what the activator
 * needs to know about them (`procform.json`). YAML comes from the `yaml` library with
 * sorted keys, YAML 1.1 quoting (Kubernetes' parser reads `yes`, `0750` or `1:20` as
 * non-strings unless quoted) and no anchors, so every value round-trips exactly.
 * @module
 */
import { Document } from 'yaml';
import type { ProcessSpec } from '../../model/process-spec.js';
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import type { Container, Manifest, PodTemplate, WorkloadManifest } from './manifests.js';
import { kubernetesRecordFile, type KubernetesActivation, type KubernetesRecord } from './record.js';

/** The entry's manifests: ConfigMap, Service, workload, in that order. */
export const MANIFESTS_FILE = 'manifests.yaml';

/** Seconds allowed on top of the readiness timeout for scheduling and pulling the image. */
const SCHEDULING_SECONDS = 120;

/** One YAML document, keys sorted, no line folding. */
export const toYaml = (value: unknown): string =>
  new Document(value, { version: '1.1', sortMapEntries: true, aliasDuplicateObjects: false }).toString({ lineWidth: 0 });

/** YAML documents joined into one stream. */
export const yamlStream = (values: readonly unknown[]): string => values.map(toYaml).join('---\n');

const withImage = (containers: readonly Container[] | undefined, image: string): Container[] | undefined =>
  containers?.map((container) => ({ ...container, image }));

const stampImage = (template: PodTemplate, image: string): PodTemplate => {
  const initContainers = withImage(template.spec.initContainers, image);
  return { ...template, spec: { ...template.spec, containers: withImage(template.spec.containers, image)!, ...(initContainers ? { initContainers } : {}) } };
};

/** The record's objects with its image in every container. */
export const manifestsOf = (record: KubernetesRecord): Manifest[] => {
  const workload = { ...record.workload, spec: { ...record.workload.spec, template: stampImage(record.workload.spec.template, record.image) } } as WorkloadManifest;
  return [...(record.configMap ? [record.configMap] : []), ...(record.service ? [record.service] : []), workload];
};

/** The entry's files. */
export const render = (record: KubernetesRecord, spec: ProcessSpec): FileSet => {
  const activation: KubernetesActivation = {
    instance: spec.instance,
    kind: record.workload.kind,
    name: record.workload.metadata.name,
    namespace: record.workload.metadata.namespace,
    waitSeconds: Math.ceil(spec.readiness?.timeout ?? 60) + SCHEDULING_SECONDS,
    ...(record.secret === null ? {} : { secret: record.secret }),
  };
  return [file(MANIFESTS_FILE, yamlStream(manifestsOf(record))), file(kubernetesRecordFile.name, canonicalJson(activation))];
};
