/**
 * ProcessSpec → the Swarm service that runs it: the docker backend's container (the same
 * `run` wrapper, daemon proxy and bind mounts), with Swarm's restart policy, health check,
 * placement and update settings. Pure: the options come from the build's settings, ports
 * from the instance's metadata.
 * @module
 */
import { dirname } from 'node:path';
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RenderContext } from '../../deploy/backend.js';
import { DAEMON_PROXY_FILE, defaultMounts, WRAPPER_FILE, wrapperScript } from '../docker/index.js';
import { refuseSecrets } from '../secrets-command.js';
import { healthcheckOf } from './health.js';
import { ENTRY_LABEL, INSTANCE_LABEL, serviceKey, TYPE_LABEL } from './names.js';
import { swarmOptions } from './options.js';
import type { SwarmService } from './record.js';

type Restart = SwarmService['restart'];

const restartOf = (spec: ProcessSpec): Restart => {
  const { policy, maxRestarts, backoff } = spec.restart;
  const delaySeconds = Math.max(0, Math.round(backoff.initial));
  const windowSeconds = Math.max(0, Math.round(backoff.resetAfter));
  // A model's 0 means "never restart"; Swarm's max_attempts 0 means "no limit".
  if (policy === 'no' || maxRestarts === 0) return { condition: 'none', maxAttempts: 0, delaySeconds, windowSeconds };
  return { condition: policy === 'always' ? 'any' : 'on-failure', maxAttempts: Number.isFinite(maxRestarts) ? maxRestarts : 0, delaySeconds, windowSeconds };
};

/** The process's declared port (metadata `port`), and the port a tcp/http probe connects to. */
const publishedPorts = (spec: ProcessSpec, metadata: Readonly<Record<string, unknown>>): number[] => {
  const ports = new Set<number>();
  const port = metadata.port;
  if (port !== undefined) {
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new InputError(`swarm: instance "${spec.instance}" declares port ${JSON.stringify(port)}, which is not a TCP port (1-65535)`);
    }
    ports.add(port);
  }
  if (spec.readiness?.kind === 'tcp' || spec.readiness?.kind === 'http') ports.add(spec.readiness.port);
  return [...ports].sort((a, b) => a - b);
};

/** The command as the service runs it, and the executables it needs from the node. */
const commandOf = (spec: ProcessSpec, self: string): { argv: string[]; executables: string[]; proxy: boolean } => {
  if (spec.foregroundProcess !== null) {
    return { argv: [spec.foregroundProcess, ...spec.foregroundProcessArgs], executables: [spec.foregroundProcess], proxy: false };
  }
  const daemon = spec.daemon!;
  if (spec.type === 'oneshot') return { argv: [daemon, ...spec.daemonArgs], executables: [daemon], proxy: false };
  return { argv: [`${self}/${DAEMON_PROXY_FILE}`, spec.pidFile, daemon, ...spec.daemonArgs], executables: [daemon], proxy: true };
};

/** Translates a normalized process into its service. */
export const translate = (spec: ProcessSpec, context: RenderContext): SwarmService => {
  refuseSecrets(spec, 'swarm', 'procform does not hand secrets to services yet (Swarm secrets are the plan)');
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(
      `swarm: process "${spec.instance}" uses readiness kind "notify", but a task has no notification fd Swarm or procform could read`,
      'use a tcp, http, exec or log readiness probe with the swarm backend',
    );
  }
  const options = swarmOptions(context.settings);
  const key = serviceKey(options.stack, spec.name);
  const overlay = options.network === 'overlay';
  const { argv, executables, proxy } = commandOf(spec, context.self);
  const accounts = {
    users: Object.entries(spec.credentials.users).filter(([, user]) => !user.createHomeDirOnly).map(([name, user]) => ({ name, uid: user.uid, group: user.group })),
    groups: Object.entries(spec.credentials.groups).map(([name, group]) => ({ name, gid: group.gid })),
  };
  const wrapper = wrapperScript(spec, accounts);
  const probe = spec.readiness?.kind === 'exec' ? spec.readiness.command[0] : undefined;
  const credentials = spec.user === null ? undefined : spec.credentials.users[spec.user];
  const group = spec.group ?? credentials?.group ?? null;
  return {
    formatVersion: 1,
    key,
    image: options.image,
    command: wrapper === null ? argv : [`${context.self}/${WRAPPER_FILE}`, ...argv],
    environment: spec.environment,
    user: spec.user,
    group: spec.user === null ? null : group,
    uid: credentials?.uid ?? null,
    gid: group === null ? null : spec.credentials.groups[group]?.gid ?? null,
    accounts,
    workdir: spec.directory,
    replicas: 1,
    restart: restartOf(spec),
    stopSignal: `SIG${spec.stopSignal}`,
    stopGraceSeconds: Math.max(0, Math.ceil(spec.stopTimeout)),
    init: true,
    labels: { [ENTRY_LABEL]: context.self, [INSTANCE_LABEL]: spec.instance, [TYPE_LABEL]: spec.type },
    network: overlay ? 'overlay' : 'host',
    endpointMode: options.endpointMode,
    aliases: overlay ? [...new Set([spec.instance, spec.name])].filter((alias) => alias !== key).sort() : [],
    ports: overlay ? publishedPorts(spec, context.metadata) : [],
    mounts: defaultMounts(context.settings, probe === undefined ? executables : [...executables, probe], context.hostPaths),
    capAdd: spec.nice !== null && spec.nice < 0 ? ['CAP_SYS_NICE'] : [],
    healthcheck: healthcheckOf(spec.readiness, context.self),
    placement: { constraints: [], preferences: [] },
    update: { order: 'stop-first', parallelism: 1, failureAction: 'pause' },
    rollback: { order: 'stop-first', parallelism: 1, failureAction: 'pause' },
    wrapper,
    daemonProxy: proxy,
    activation: {
      instance: spec.instance,
      stack: options.stack,
      type: spec.type,
      readiness: spec.readiness,
      stateDirs: spec.stateDirs,
      directories: proxy ? [{ path: dirname(spec.pidFile), mode: spec.user !== null ? '1777' : null }] : [],
      dependencies: spec.dependencies,
      resolveImage: options.resolveImage,
    },
  };
};
