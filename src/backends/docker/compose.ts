/**
 * A compose document from the container records of a build, for users who run their
 * deployment with `docker compose`. Pure: the records and the user ids come in, a YAML
 * text goes out, keys sorted, every string double-quoted (so no value can turn into a
 * number, boolean or null under YAML 1.1 or 1.2) and every "$" doubled, since compose
 * would otherwise substitute variables into the values.
 * @module
 */
import YAML from 'yaml';
import { InputError } from '../../errors.js';
import { accountEnvironment, type ContainerAccounts } from './accounts.js';
import { DEPLOYMENT_LABEL } from './names.js';
import type { DockerContainer } from './record.js';

/** A record's accounts as the compose host knows them, or null when it has none. */
export type ComposeAccounts = (record: DockerContainer) => ContainerAccounts | null;

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Doubles every "$" of every string value, as compose's interpolation expects. */
export const escapeInterpolation = (value: Json): Json => {
  if (typeof value === 'string') return value.replaceAll('$', '$$$$');
  if (Array.isArray(value)) return value.map(escapeInterpolation);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, escapeInterpolation(v as Json)]));
  }
  return value;
};

const restartOf = (record: DockerContainer): string =>
  record.restart.policy === 'on-failure' && record.restart.maxRetries > 0 ? `on-failure:${record.restart.maxRetries}` : record.restart.policy;

const volumesOf = (record: DockerContainer): Json[] =>
  Object.keys(record.mounts).sort().map((target): Json => {
    const mount = record.mounts[target]!;
    return mount.readOnly
      ? { type: 'bind', source: mount.source, target, read_only: true }
      : { type: 'bind', source: mount.source, target, bind: { create_host_path: true } };
  });

/** One compose service. `byInstance` resolves dependencies to their records. */
const serviceOf = (record: DockerContainer, accounts: ContainerAccounts | null, byInstance: ReadonlyMap<string, DockerContainer>): Record<string, Json> => {
  const service: Record<string, Json> = {
    container_name: record.name,
    image: record.image,
    entrypoint: [],
    command: [...record.command],
    init: record.init,
    labels: { ...record.labels },
    restart: restartOf(record),
    stop_signal: record.stopSignal,
    stop_grace_period: `${record.stopTimeout}s`,
    volumes: volumesOf(record),
    ...(record.hidden.length === 0 ? {} : { tmpfs: record.hidden.map((path) => `${path}:mode=0700`) }),
  };
  const environment = { ...record.environment, ...(accounts === null ? {} : accountEnvironment(accounts)) };
  if (Object.keys(environment).length > 0) service.environment = environment;
  // The `run` wrapper starts as root and runs the process as its user.
  if (record.user !== null) service.user = '0:0';
  if (record.workdir !== null) service.working_dir = record.workdir;
  if (record.network === 'host') service.network_mode = 'host';
  else service.networks = { [record.network]: { aliases: [...record.aliases] } };
  if (record.ports.length > 0) service.ports = record.ports.map((port) => `${port}:${port}`);
  if (record.capAdd.length > 0) service.cap_add = [...record.capAdd];
  if (record.healthcheck !== null) {
    service.healthcheck = { test: ['CMD', ...record.healthcheck.command], interval: `${record.healthcheck.intervalSeconds}s`, retries: record.healthcheck.retries };
  }
  const dependencies = record.activation.dependencies;
  if (dependencies.length > 0) {
    service.depends_on = Object.fromEntries(dependencies.map((dependency) => {
      const target = byInstance.get(dependency);
      if (target === undefined) throw new InputError(`compose: ${record.activation.instance} depends on ${dependency}, which is not in the deployment`);
      return [dependency, { condition: target.healthcheck !== null ? 'service_healthy' : target.activation.type === 'oneshot' ? 'service_completed_successfully' : 'service_started' }];
    }));
  }
  return service;
};

/** The compose document (as data, "$" already escaped) of one deployment's records. */
export const composeDocument = (records: readonly DockerContainer[], accounts: ComposeAccounts): Record<string, Json> => {
  const deployments = [...new Set(records.map((r) => r.activation.deployment))];
  if (deployments.length > 1) throw new InputError(`compose: the containers belong to several deployments (${deployments.join(', ')})`);
  const byInstance = new Map(records.map((r) => [r.activation.instance, r]));
  const services = Object.fromEntries(records.map((r) => [r.activation.instance, serviceOf(r, accounts(r), byInstance)]));
  const networks = Object.fromEntries(records.filter((r) => r.network !== 'host').map((r) => [r.network, { name: r.network, labels: { [DEPLOYMENT_LABEL]: r.activation.deployment } }]));
  const document: Record<string, Json> = { services };
  if (deployments[0] !== undefined) document.name = deployments[0];
  if (Object.keys(networks).length > 0) document.networks = networks;
  return escapeInterpolation(document) as Record<string, Json>;
};

/** Serialises a compose document: sorted keys, double-quoted strings, no line folding. */
export const renderCompose = (document: Record<string, Json>): string =>
  YAML.stringify(document, { sortMapEntries: true, lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
