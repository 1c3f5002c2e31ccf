/**
 * The swarm backend's record of one process: its Swarm service as data, keys named after
 * the stack file's. It is written to the entry as canonical JSON next to the stack file
 * rendered from it, so any change to it changes the entry's hash and updates exactly that
 * service. `overrides.swarm` merges into it: `{ placement: { constraints: ['node.role==manager'] } }`.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { environmentSchema, processFields, processTypeSchema, type Declared } from '../../deploy/record-schema.js';

/** The record's file name inside the entry. */
export const RECORD_FILE = 'service.json';

/** A bind mount; the record keys mounts by their path inside the container. */
export const swarmMountSchema = z.strictObject({
  /** Absolute path on the node. */
  source: z.string(),
  readOnly: z.boolean(),
});

/** Swarm's health check of the task, run inside its container. */
export const swarmHealthcheckSchema = z.strictObject({
  /** Exact argv (stack file `["CMD", …]`). */
  test: z.array(z.string()),
  intervalSeconds: z.number(),
  timeoutSeconds: z.number(),
  retries: z.number(),
  /** Failures before this do not count: the process's start timeout. */
  startPeriodSeconds: z.number(),
});

/** Swarm's restart policy. */
export const swarmRestartSchema = z.strictObject({
  condition: z.enum(['none', 'on-failure', 'any']),
  /** Restarts before Swarm gives up; 0: no limit. */
  maxAttempts: z.number(),
  delaySeconds: z.number(),
  /** Seconds a restarted task must run for its restart to count as a success (the backoff's resetAfter); 0: Swarm's default. */
  windowSeconds: z.number(),
});

/** How Swarm replaces the tasks of a changed service, and rolls them back. */
export const swarmUpdateSchema = z.strictObject({
  /** stop-first: the old task stops before the new one starts (they may share a port). */
  order: z.enum(['stop-first', 'start-first']),
  parallelism: z.number(),
  /** What Swarm does when a new task fails: pause, continue, or rollback to the previous spec. */
  failureAction: z.enum(['pause', 'continue', 'rollback']),
});

/** Where Swarm may run the service's tasks. */
export const swarmPlacementSchema = z.strictObject({
  /** `node.role==manager`, `node.labels.disk==ssd`, `node.hostname==a`, … */
  constraints: z.array(z.string()),
  /** `spread=node.labels.zone`, … */
  preferences: z.array(z.string()),
});

/** The accounts a service's containers get (see docker's record). */
export const swarmAccountNamesSchema = z.strictObject({
  users: z.array(z.strictObject({ name: z.string(), uid: z.nullable(z.number()), group: z.nullable(z.string()) })),
  groups: z.array(z.strictObject({ name: z.string(), gid: z.nullable(z.number()) })),
});

/** What the activator needs besides the service. */
export const swarmActivationSchema = z.strictObject({
  instance: z.string(),
  stack: z.string(),
  type: processTypeSchema,
  /** Probed by the activator before dependents start. */
  readiness: processFields.readiness,
  /** Created on the node, with owner and mode, before the service is deployed. */
  stateDirs: processFields.stateDirs,
  /** Node directories made when missing (the daemon proxy's pid file directory), 1777 for a user's daemon. */
  directories: z.array(z.strictObject({ path: z.string(), mode: z.nullable(z.string()) })),
  dependencies: z.array(z.string()),
  /** `docker stack deploy --resolve-image`. */
  resolveImage: z.enum(['always', 'changed', 'never']),
});

/** One Swarm service. */
export const swarmServiceSchema = z.strictObject({
  formatVersion: z.literal(1),
  /** Key in the stack file; Swarm names the service `<stack>_<key>`. */
  key: z.string(),
  image: z.string(),
  /** Exact argv, as the stack file's `entrypoint`: it replaces the image's entrypoint and command. */
  command: z.array(z.string()),
  /** Exactly the process's environment, on top of the image's. */
  environment: environmentSchema,
  /**
   * Account the process runs as; null: the image's user. The container then starts as
   * root, and the entry's `run` wrapper runs the process as this user.
   */
  user: z.nullable(z.string()),
  group: z.nullable(z.string()),
  uid: z.nullable(z.number()),
  gid: z.nullable(z.number()),
  accounts: swarmAccountNamesSchema,
  workdir: z.nullable(z.string()),
  /** Tasks of the service; 1 for every process today. */
  replicas: z.number(),
  restart: swarmRestartSchema,
  /** With the SIG prefix. */
  stopSignal: z.string(),
  /** Whole seconds before Swarm sends SIGKILL. */
  stopGraceSeconds: z.number(),
  /** Run a real PID 1 that forwards signals and reaps orphans. */
  init: z.boolean(),
  /** Labels of the service (Swarm's `deploy.labels`). */
  labels: z.record(z.string(), z.string()),
  /** `host`, or the stack's overlay network. */
  network: z.enum(['host', 'overlay']),
  /** On the overlay network: dnsrr or vip. */
  endpointMode: z.enum(['dnsrr', 'vip']),
  /** Host names other services reach this one by, on the overlay network. */
  aliases: z.array(z.string()),
  /** Ports published as `<port>:<port>` (overlay network only: mode host with dnsrr, ingress with vip). */
  ports: z.array(z.number()),
  /** Bind mounts by their path in the container; their sources must exist on the node that runs the task. */
  mounts: z.record(z.string(), swarmMountSchema),
  capAdd: z.array(z.string()),
  healthcheck: z.nullable(swarmHealthcheckSchema),
  placement: swarmPlacementSchema,
  update: swarmUpdateSchema,
  rollback: swarmUpdateSchema,
  /** Text of the entry's `run` script when the command goes through it; else null. */
  wrapper: z.nullable(z.string()),
  /** True when the entry carries the foreground proxy of a forking daemon. */
  daemonProxy: z.boolean(),
  activation: swarmActivationSchema,
});

/** One Swarm service. */
export type SwarmService = Declared<typeof swarmServiceSchema>;
/** Swarm's health check. */
export type SwarmHealthcheck = Declared<typeof swarmHealthcheckSchema>;
/** What `overrides.swarm` may merge into the record. */
export type SwarmOverrides = DeepPartial<SwarmService>;

/** The record in every entry, for the activator and status. */
export const swarmRecordFile = recordFile(RECORD_FILE, swarmServiceSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    swarm: SwarmService;
  }
  interface BackendOverrides {
    swarm: SwarmOverrides;
  }
}
