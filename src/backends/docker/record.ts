/**
 * The docker backend's record of one process: the container's create settings as data.
 * It is written to the entry as canonical JSON, so any change to it changes the entry's
 * hash and restarts exactly that container; the activator turns it into `docker create`
 * arguments and `procform compose` into a compose service.
 * @module
 */
import * as z from 'zod/mini';
import type { DeepPartial } from '../../model/overrides.js';
import { recordFile } from '../../deploy/record-file.js';
import { environmentSchema, processFields, processTypeSchema, restartPolicySchema, type Declared } from '../../deploy/record-schema.js';

/** The record's file name inside the entry. */
export const RECORD_FILE = 'container.json';

/** A bind mount; the record keys mounts by their path inside the container. */
export const dockerMountSchema = z.strictObject({
  /** Absolute path on the host. */
  source: z.string(),
  readOnly: z.boolean(),
});

/**
 * The accounts a container gets, with the ids the model declares (ids file), which compose
 * uses when this machine has no such account.
 */
export const containerAccountNamesSchema = z.strictObject({
  users: z.array(z.strictObject({ name: z.string(), uid: z.nullable(z.number()), group: z.nullable(z.string()) })),
  groups: z.array(z.strictObject({ name: z.string(), gid: z.nullable(z.number()) })),
});

/** A healthcheck for compose's `depends_on: condition: service_healthy`. */
export const dockerHealthcheckSchema = z.strictObject({
  /** Exact argv run inside the container (compose `["CMD", …]`). */
  command: z.array(z.string()),
  intervalSeconds: z.number(),
  retries: z.number(),
});

/** The engine's restart policy. */
export const dockerRestartSchema = z.strictObject({
  policy: restartPolicySchema,
  /** Only with `on-failure`: restarts before the engine gives up (0: unlimited). */
  maxRetries: z.number(),
});

/** What the activator needs besides the create settings. */
export const dockerActivationSchema = z.strictObject({
  instance: z.string(),
  deployment: z.string(),
  type: processTypeSchema,
  /** Waited for by the activator before dependents start. */
  readiness: processFields.readiness,
  /** Created on the host, with owner and mode, before the container starts. */
  stateDirs: processFields.stateDirs,
  /**
   * Host directories made when missing (the daemon proxy's pid file directory); a mode is
   * applied only to a directory made here: 1777 when a user's daemon writes into it.
   */
  directories: z.array(z.strictObject({ path: z.string(), mode: z.nullable(z.string()) })),
  dependencies: z.array(z.string()),
});

/** One container, keys named after the settings of `docker create`. */
export const dockerContainerSchema = z.strictObject({
  formatVersion: z.literal(1),
  /** Container name: `<deployment>-<process name>`. */
  name: z.string(),
  image: z.string(),
  /** Exact argv; the image's entrypoint is cleared so nothing is prepended. */
  command: z.array(z.string()),
  /** Exactly the process's environment, on top of the image's (PATH comes from the image unless set). */
  environment: environmentSchema,
  /**
   * Host account the process runs as; null: the image's user. The container then starts as
   * root, and its `run` wrapper runs the process as this user once `initialize` is done.
   */
  user: z.nullable(z.string()),
  /** Its primary group, when the model names one; else the user's primary group on the host. */
  group: z.nullable(z.string()),
  /** Ids the model declares for them (ids file), used by compose when known. */
  uid: z.nullable(z.number()),
  gid: z.nullable(z.number()),
  /**
   * The model's accounts the container gets in its own /etc/passwd and /etc/group, with the
   * host's entries, looked up when it is created: the process's credentials (the user is
   * added too). The `run` wrapper adds them when it runs as root.
   */
  accounts: containerAccountNamesSchema,
  workdir: z.nullable(z.string()),
  restart: dockerRestartSchema,
  /** With the SIG prefix, as docker prints it. */
  stopSignal: z.string(),
  /** Whole seconds before the engine sends SIGKILL. */
  stopTimeout: z.number(),
  /** Run a real PID 1 (tini, catatonit) that forwards signals and reaps orphans. */
  init: z.boolean(),
  labels: z.record(z.string(), z.string()),
  /** `host`, or the name of the deployment's bridge network. */
  network: z.string(),
  /** Host names other containers reach this one by, on a bridge network. */
  aliases: z.array(z.string()),
  /** Ports published as `<port>:<port>` (bridge network only). */
  ports: z.array(z.number()),
  /** Bind mounts by their path in the container. */
  mounts: z.record(z.string(), dockerMountSchema),
  /**
   * Directories the container sees empty, an in-memory file system over them although a
   * bind mount above them carries them: where the other processes' secrets files lie.
   */
  hidden: z.array(z.string()),
  /** Extra capabilities (SYS_NICE for a negative nice). */
  capAdd: z.array(z.string()),
  healthcheck: z.nullable(dockerHealthcheckSchema),
  /** Text of the entry's `run` script when the command goes through it; else null. */
  wrapper: z.nullable(z.string()),
  /** True when the entry carries the foreground proxy of a forking daemon. */
  daemonProxy: z.boolean(),
  activation: dockerActivationSchema,
});

/** A bind mount. */
export type DockerMount = Declared<typeof dockerMountSchema>;
/** The accounts a container gets. */
export type ContainerAccountNames = Declared<typeof containerAccountNamesSchema>;
/** A healthcheck for compose. */
export type DockerHealthcheck = Declared<typeof dockerHealthcheckSchema>;
/** The engine's restart policy. */
export type DockerRestart = Declared<typeof dockerRestartSchema>;
/** What the activator needs besides the create settings. */
export type DockerActivation = Declared<typeof dockerActivationSchema>;
/** One container. */
export type DockerContainer = Declared<typeof dockerContainerSchema>;
/** What `overrides.docker` may merge into the record. */
export type DockerOverrides = DeepPartial<DockerContainer>;

/** The record in every entry, for the activator and `procform compose`. */
export const dockerRecordFile = recordFile(RECORD_FILE, dockerContainerSchema);

declare module '../../model/overrides.js' {
  interface BackendRecords {
    docker: DockerContainer;
  }
  interface BackendOverrides {
    docker: DockerOverrides;
  }
}
