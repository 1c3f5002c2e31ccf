/**
 * The part of the Kubernetes API the backend writes, as plain data types: what the record
 * of a process holds and what `overrides.kubernetes` patches. Field names are the API's.
 * @module
 */

/** `metadata` of a top-level object. */
export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A process's environment. */
export interface ConfigMapManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'ConfigMap';
  readonly metadata: ObjectMeta;
  readonly data: Readonly<Record<string, string>>;
}

/** One port of a Service. */
export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly targetPort: number;
  readonly protocol: 'TCP';
}

/** The stable address of a process with ports. */
export interface ServiceManifest {
  readonly apiVersion: 'v1';
  readonly kind: 'Service';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly type: 'ClusterIP';
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly ServicePort[];
  };
}

/** A liveness, readiness or startup probe. */
export interface Probe {
  readonly tcpSocket?: { readonly port: number; readonly host?: string };
  readonly httpGet?: { readonly path: string; readonly port: number; readonly host?: string };
  readonly exec?: { readonly command: readonly string[] };
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** A container; its `image` is the record's, filled in when rendering. */
export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly envFrom?: readonly { readonly configMapRef: { readonly name: string } }[];
  readonly workingDir?: string;
  readonly ports?: readonly { readonly name: string; readonly containerPort: number; readonly protocol: 'TCP' }[];
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
  readonly securityContext?: { readonly runAsUser?: number; readonly runAsGroup?: number };
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
}

/** A pod volume: a directory or file of the node (hostPaths=true). State uses claim templates instead. */
export interface Volume {
  readonly name: string;
  readonly hostPath: { readonly path: string; readonly type: 'Directory' | 'File' };
}

/** The pod template every workload kind carries. */
export interface PodTemplate {
  readonly metadata: { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> };
  readonly spec: {
    readonly hostNetwork?: boolean;
    readonly dnsPolicy?: 'ClusterFirstWithHostNet';
    readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
    readonly terminationGracePeriodSeconds: number;
    readonly initContainers?: readonly Container[];
    readonly containers: readonly Container[];
    readonly volumes?: readonly Volume[];
  };
}

/** A volume claim template of a StatefulSet: one per state directory. */
export interface ClaimTemplate {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly accessModes: readonly ['ReadWriteOnce'];
    readonly resources: { readonly requests: { readonly storage: string } };
  };
}

/** A long-running process without state. */
export interface DeploymentManifest {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'Deployment';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
    /** Recreate: the old pod stops before the new one starts, as in every other backend (and host ports never clash). */
    readonly strategy: { readonly type: 'Recreate' };
    readonly template: PodTemplate;
  };
}

/** A long-running process with state directories. */
export interface StatefulSetManifest {
  readonly apiVersion: 'apps/v1';
  readonly kind: 'StatefulSet';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly replicas: number;
    readonly serviceName: string;
    readonly selector: { readonly matchLabels: Readonly<Record<string, string>> };
    readonly template: PodTemplate;
    readonly volumeClaimTemplates: readonly ClaimTemplate[];
  };
}

/** A oneshot process. */
export interface JobManifest {
  readonly apiVersion: 'batch/v1';
  readonly kind: 'Job';
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly backoffLimit: number;
    readonly template: PodTemplate;
  };
}

/** What runs a process. */
export type WorkloadManifest = DeploymentManifest | StatefulSetManifest | JobManifest;

/** Any object the backend renders. */
export type Manifest = ConfigMapManifest | ServiceManifest | WorkloadManifest;

/** The object kinds the backend renders, as `kubectl apply --prune-allowlist` names them. */
export const RENDERED_KINDS: readonly string[] = ['core/v1/ConfigMap', 'core/v1/Service', 'apps/v1/Deployment', 'apps/v1/StatefulSet', 'batch/v1/Job'];
