/**
 * The Kubernetes backend's record of a process: its objects, and the image their
 * containers run. The entry keeps what the activator needs to know about them as
 * `procform.json`, read back on every switch.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import type { Declared } from '../../deploy/record-schema.js';
import { configMapSchema, objectMetaSchema, serviceSchema, workloadSchema } from './manifests.js';

/** The record of a process: its objects, and the image their containers run. */
export const kubernetesRecordSchema = z.strictObject({
  /** Image of every container of the process; `overrides.kubernetes.image` sets it per process. */
  image: z.string(),
  configMap: z.nullable(configMapSchema),
  service: z.nullable(serviceSchema),
  workload: workloadSchema,
  /**
   * The Secret the activator applies with the process's secret values, read from the file a
   * switch delivers them to: only its name and that file are in the store. Null without secrets.
   */
  secret: z.nullable(z.strictObject({ metadata: objectMetaSchema, file: z.string() })),
});

/** What the activator reads from an entry. */
export const kubernetesActivationSchema = z.strictObject({
  instance: z.string(),
  kind: z.enum(['Deployment', 'StatefulSet', 'Job']),
  name: z.string(),
  namespace: z.string(),
  /** How long a switch waits for the rollout (or the Job) to finish. */
  waitSeconds: z.number(),
  /** The process's Secret, which the activator fills from the delivered file; absent without secrets. */
  secret: z.optional(z.strictObject({ metadata: objectMetaSchema, file: z.string() })),
});

/** The record of a process. */
export type KubernetesRecord = Declared<typeof kubernetesRecordSchema>;
/** What the activator reads from an entry. */
export type KubernetesActivation = Declared<typeof kubernetesActivationSchema>;
/** What `overrides.kubernetes` may merge into the record. */
export type KubernetesOverrides = DeepPartial<KubernetesRecord>;

/** The activator's facts in every entry. */
export const kubernetesRecordFile = recordFile('procform.json', kubernetesActivationSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    kubernetes: KubernetesRecord;
  }
  interface BackendOverrides {
    kubernetes: KubernetesOverrides;
  }
}
