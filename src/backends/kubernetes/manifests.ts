/**
 * The part of the Kubernetes API the backend writes, as schemas of plain data: what the
 * record of a process holds and what `overrides.kubernetes` patches. Field names are the
 * API's.
 * @module
 */
import * as z from 'zod/mini';
import type { Declared } from '../../deploy/record-schema.js';

const labels = z.record(z.string(), z.string());

/** `metadata` of a top-level object. */
export const objectMetaSchema = z.strictObject({
  name: z.string(),
  namespace: z.string(),
  labels,
  annotations: z.optional(labels),
});

/** A process's environment. */
export const configMapSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('ConfigMap'),
  metadata: objectMetaSchema,
  data: z.record(z.string(), z.string()),
});

/** One port of a Service. */
export const servicePortSchema = z.strictObject({
  name: z.string(),
  port: z.number(),
  targetPort: z.number(),
  protocol: z.literal('TCP'),
});

/** The stable address of a process with ports. */
export const serviceSchema = z.strictObject({
  apiVersion: z.literal('v1'),
  kind: z.literal('Service'),
  metadata: objectMetaSchema,
  spec: z.strictObject({
    type: z.literal('ClusterIP'),
    selector: labels,
    ports: z.array(servicePortSchema),
  }),
});

/** A liveness, readiness or startup probe. */
export const probeSchema = z.strictObject({
  tcpSocket: z.optional(z.strictObject({ port: z.number(), host: z.optional(z.string()) })),
  httpGet: z.optional(z.strictObject({ path: z.string(), port: z.number(), host: z.optional(z.string()) })),
  exec: z.optional(z.strictObject({ command: z.array(z.string()) })),
  periodSeconds: z.number(),
  timeoutSeconds: z.number(),
  failureThreshold: z.number(),
});

/** A container; its `image` is the record's, filled in when rendering. */
export const containerSchema = z.strictObject({
  name: z.string(),
  image: z.optional(z.string()),
  command: z.array(z.string()),
  args: z.optional(z.array(z.string())),
  envFrom: z.optional(z.array(z.union([z.strictObject({ configMapRef: z.strictObject({ name: z.string() }) }), z.strictObject({ secretRef: z.strictObject({ name: z.string() }) })]))),
  workingDir: z.optional(z.string()),
  ports: z.optional(z.array(z.strictObject({ name: z.string(), containerPort: z.number(), protocol: z.literal('TCP') }))),
  startupProbe: z.optional(probeSchema),
  readinessProbe: z.optional(probeSchema),
  livenessProbe: z.optional(probeSchema),
  securityContext: z.optional(z.strictObject({ runAsUser: z.optional(z.number()), runAsGroup: z.optional(z.number()) })),
  volumeMounts: z.optional(z.array(z.strictObject({ name: z.string(), mountPath: z.string(), readOnly: z.optional(z.boolean()) }))),
});

/** A pod volume: a directory or file of the node (hostPaths=true). State uses claim templates instead. */
export const volumeSchema = z.strictObject({
  name: z.string(),
  hostPath: z.strictObject({ path: z.string(), type: z.enum(['Directory', 'File']) }),
});

/** The pod template every workload kind carries. */
export const podTemplateSchema = z.strictObject({
  metadata: z.strictObject({ labels, annotations: labels }),
  spec: z.strictObject({
    hostNetwork: z.optional(z.boolean()),
    dnsPolicy: z.optional(z.literal('ClusterFirstWithHostNet')),
    restartPolicy: z.enum(['Always', 'OnFailure', 'Never']),
    terminationGracePeriodSeconds: z.number(),
    initContainers: z.optional(z.array(containerSchema)),
    containers: z.array(containerSchema),
    volumes: z.optional(z.array(volumeSchema)),
  }),
});

/** A volume claim template of a StatefulSet: one per state directory. */
export const claimTemplateSchema = z.strictObject({
  metadata: z.strictObject({ name: z.string() }),
  spec: z.strictObject({
    accessModes: z.tuple([z.literal('ReadWriteOnce')]),
    resources: z.strictObject({ requests: z.strictObject({ storage: z.string() }) }),
  }),
});

/** A long-running process without state. */
export const deploymentSchema = z.strictObject({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('Deployment'),
  metadata: objectMetaSchema,
  spec: z.strictObject({
    replicas: z.number(),
    selector: z.strictObject({ matchLabels: labels }),
    /** Recreate: the old pod stops before the new one starts, as in every other backend (and host ports never clash). */
    strategy: z.strictObject({ type: z.literal('Recreate') }),
    template: podTemplateSchema,
  }),
});

/** A long-running process with state directories. */
export const statefulSetSchema = z.strictObject({
  apiVersion: z.literal('apps/v1'),
  kind: z.literal('StatefulSet'),
  metadata: objectMetaSchema,
  spec: z.strictObject({
    replicas: z.number(),
    serviceName: z.string(),
    selector: z.strictObject({ matchLabels: labels }),
    template: podTemplateSchema,
    volumeClaimTemplates: z.array(claimTemplateSchema),
  }),
});

/** A oneshot process. */
export const jobSchema = z.strictObject({
  apiVersion: z.literal('batch/v1'),
  kind: z.literal('Job'),
  metadata: objectMetaSchema,
  spec: z.strictObject({
    backoffLimit: z.number(),
    template: podTemplateSchema,
  }),
});

/** What runs a process. */
export const workloadSchema = z.discriminatedUnion('kind', [deploymentSchema, statefulSetSchema, jobSchema]);

/** `metadata` of a top-level object. */
export type ObjectMeta = Declared<typeof objectMetaSchema>;
/** A process's environment. */
export type ConfigMapManifest = Declared<typeof configMapSchema>;
/** One port of a Service. */
export type ServicePort = Declared<typeof servicePortSchema>;
/** The stable address of a process with ports. */
export type ServiceManifest = Declared<typeof serviceSchema>;
/** A liveness, readiness or startup probe. */
export type Probe = Declared<typeof probeSchema>;
/** A container. */
export type Container = Declared<typeof containerSchema>;
/** A pod volume. */
export type Volume = Declared<typeof volumeSchema>;
/** The pod template every workload kind carries. */
export type PodTemplate = Declared<typeof podTemplateSchema>;
/** A volume claim template of a StatefulSet. */
export type ClaimTemplate = Declared<typeof claimTemplateSchema>;
/** A long-running process without state. */
export type DeploymentManifest = Declared<typeof deploymentSchema>;
/** A long-running process with state directories. */
export type StatefulSetManifest = Declared<typeof statefulSetSchema>;
/** A oneshot process. */
export type JobManifest = Declared<typeof jobSchema>;
/** What runs a process. */
export type WorkloadManifest = Declared<typeof workloadSchema>;
/** Any object the backend renders. */
export type Manifest = ConfigMapManifest | ServiceManifest | WorkloadManifest;

/** The object kinds the backend renders, as `kubectl apply --prune-allowlist` names them. */
export const RENDERED_KINDS: readonly string[] = ['core/v1/Secret', 'core/v1/ConfigMap', 'core/v1/Service', 'apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/Job'];
