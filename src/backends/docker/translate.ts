/**
 * ProcessSpec → the container that runs it. Docker runs foreground processes: a
 * foreground mode is preferred, a daemon-only process runs under the foreground proxy.
 * Pure: the options come from the build's settings, ports from the instance's metadata.
 * @module
 */
import { dirname } from 'node:path';
import { InputError } from '../../errors.js';
import type { ProcessSpec } from '../../model/process-spec.js';
import type { Readiness } from '../../model/readiness.js';
import type { RenderContext } from '../../deploy/backend.js';
import { defaultMounts } from './mounts.js';
import { checkAlias, containerName, DEPLOYMENT_LABEL, ENTRY_LABEL, INSTANCE_LABEL, networkName, TYPE_LABEL } from './names.js';
import { dockerOptions } from './options.js';
import type { ContainerAccountNames, DockerContainer, DockerHealthcheck, DockerRestart } from './record.js';
import { DAEMON_PROXY_FILE, WRAPPER_FILE, wrapperScript } from './wrapper.js';
import { withSecrets } from '../secrets-command.js';
import { secretsRoot } from '../../model/normalize.js';

const restartOf = (spec: ProcessSpec): DockerRestart => {
  const { policy, maxRestarts } = spec.restart;
  if (policy === 'always') return { policy: 'always', maxRetries: 0 };
  // on-failure:0 means "no limit" to docker; a model's 0 means "never restart".
  if (policy === 'no' || maxRestarts === 0) return { policy: 'no', maxRetries: 0 };
  return { policy: 'on-failure', maxRetries: maxRestarts };
};

/** The process's declared port (metadata `port`), published on a bridge network. */
const declaredPort = (spec: ProcessSpec, metadata: Readonly<Record<string, unknown>>): number | null => {
  const port = metadata.port;
  if (port === undefined) return null;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`docker: instance "${spec.instance}" declares port ${JSON.stringify(port)}, which is not a TCP port (1-65535)`);
  }
  return port;
};

/** Ports the host must reach: the declared one and the port a tcp/http probe connects to. */
const publishedPorts = (spec: ProcessSpec, metadata: Readonly<Record<string, unknown>>): number[] => {
  const ports = new Set<number>();
  const declared = declaredPort(spec, metadata);
  if (declared !== null) ports.add(declared);
  if (spec.readiness?.kind === 'tcp' || spec.readiness?.kind === 'http') ports.add(spec.readiness.port);
  return [...ports].sort((a, b) => a - b);
};

/** An exec probe doubles as compose's healthcheck; other kinds need tools the image may lack. */
const healthcheckOf = (readiness: Readiness | null): DockerHealthcheck | null =>
  readiness?.kind !== 'exec'
    ? null
    : { command: readiness.command, intervalSeconds: readiness.interval, retries: Math.max(1, Math.ceil(readiness.timeout / readiness.interval)) };

/** The command as docker runs it, and the executables it needs from the host. */
const commandOf = (spec: ProcessSpec, context: RenderContext): { argv: string[]; executables: string[]; proxy: boolean } => {
  if (spec.foregroundProcess !== null) {
    return { argv: [spec.foregroundProcess, ...spec.foregroundProcessArgs], executables: [spec.foregroundProcess], proxy: false };
  }
  const daemon = spec.daemon!;
  // A oneshot's "daemon" is a command that runs to completion: nothing to keep alive.
  if (spec.type === 'oneshot') return { argv: [daemon, ...spec.daemonArgs], executables: [daemon], proxy: false };
  return { argv: [`${context.self}/${DAEMON_PROXY_FILE}`, spec.pidFile, daemon, ...spec.daemonArgs], executables: [daemon], proxy: true };
};

/** The accounts the process declares (a user kept only for its home directory is none). */
const accountNames = (spec: ProcessSpec): ContainerAccountNames => ({
  users: Object.entries(spec.credentials.users).filter(([, user]) => !user.createHomeDirOnly).map(([name, user]) => ({ name, uid: user.uid, group: user.group })),
  groups: Object.entries(spec.credentials.groups).map(([name, group]) => ({ name, gid: group.gid })),
});

/** Translates a normalized process into its container. */
export const translate = (spec: ProcessSpec, context: RenderContext): DockerContainer => {
  if (spec.readiness?.kind === 'notify') {
    throw new InputError(
      `docker: process "${spec.instance}" uses readiness kind "notify", but a container has no notification fd the engine or procform could read`,
      'use a tcp, http, exec or log readiness probe with the docker backend',
    );
  }
  const options = dockerOptions(context.settings);
  const name = containerName(options.deployment, spec.name);
  const bridge = options.network !== 'host';
  const { argv, executables, proxy } = commandOf(spec, context);
  const accounts = accountNames(spec);
  const wrapper = wrapperScript(spec, accounts);
  const probe = spec.readiness?.kind === 'exec' ? spec.readiness.command[0] : undefined;
  const credentials = spec.user === null ? undefined : spec.credentials.users[spec.user];
  const group = spec.group ?? credentials?.group ?? null;
  return {
    formatVersion: 1,
    name,
    image: options.image,
    // Secrets are read by a shell in the container, before the wrapper drops to the user.
    command: withSecrets(spec, wrapper === null ? argv : [`${context.self}/${WRAPPER_FILE}`, ...argv]),
    environment: spec.environment,
    user: spec.user,
    group: spec.user === null ? null : group,
    uid: credentials?.uid ?? null,
    gid: group === null ? null : spec.credentials.groups[group]?.gid ?? null,
    accounts,
    workdir: spec.directory,
    restart: restartOf(spec),
    stopSignal: `SIG${spec.stopSignal}`,
    stopTimeout: Math.max(0, Math.ceil(spec.stopTimeout)),
    init: true,
    labels: {
      [DEPLOYMENT_LABEL]: options.deployment,
      [ENTRY_LABEL]: context.self,
      [INSTANCE_LABEL]: spec.instance,
      [TYPE_LABEL]: spec.type,
    },
    network: bridge ? networkName(options.deployment) : 'host',
    aliases: bridge ? [...new Set([spec.instance, spec.name])].sort().map((alias) => checkAlias(alias, spec.instance)) : [],
    ports: bridge ? publishedPorts(spec, context.metadata) : [],
    mounts: {
      ...defaultMounts(context.settings, probe === undefined ? executables : [...executables, probe], context.hostPaths),
      // Its own secrets file only: the lib dir's secrets directory is hidden below.
      ...(spec.secrets === undefined ? {} : { [spec.secrets.file]: { source: spec.secrets.file, readOnly: true } }),
    },
    // Every container mounts the lib dir, where every process's secrets file lies: root in
    // one container must not read another's.
    hidden: [secretsRoot(context.settings.libDir)],
    capAdd: spec.nice !== null && spec.nice < 0 ? ['SYS_NICE'] : [],
    healthcheck: healthcheckOf(spec.readiness),
    wrapper,
    daemonProxy: proxy,
    activation: {
      instance: spec.instance,
      deployment: options.deployment,
      type: spec.type,
      readiness: spec.readiness,
      stateDirs: spec.stateDirs,
      // The daemon writes its pid file as its user: a directory made for it is shared like /tmp.
      directories: proxy ? [{ path: dirname(spec.pidFile), mode: spec.user !== null ? '1777' : null }] : [],
      dependencies: spec.dependencies,
    },
  };
};
