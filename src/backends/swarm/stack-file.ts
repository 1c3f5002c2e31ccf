/**
 * A service record as a stack file (compose format 3.8) of its own, which
 * `docker stack deploy` reads. Pure and deterministic: keys sorted, every string and key
 * double-quoted (docker's YAML parser is YAML 1.1, where a bare `on` or `no` is a
 * boolean), no line folding, and every "$" of a value doubled, since `stack deploy`
 * substitutes variables into the values. The only variables left are the accounts'
 * (`${PROCFORM_PASSWD}`, …), which the activator sets when it deploys: they are the
 * node's entries, looked up then, as the docker backend does when it creates a container.
 * @module
 */
import YAML from 'yaml';
import { ACCOUNT_VARIABLES, escapeInterpolation } from '../docker/index.js';
import { OVERLAY_KEY } from './names.js';
import type { SwarmService } from './record.js';

/** The file's name in the entry. */
export const STACK_FILE = 'compose.yaml';

/** The network key of the nodes' own network in the stack file. */
const HOST_KEY = 'hostnet';

type Json = Parameters<typeof escapeInterpolation>[0];

const seconds = (value: number): string => `${Math.round(value * 1000)}ms`;

/** The account variables the stack file takes from the activator's environment, by name. */
export const accountVariables = (record: SwarmService): string[] => {
  // As the docker backend's `run` wrapper: it handles accounts when the process has a user or declares some.
  if (record.user === null && record.accounts.users.length === 0 && record.accounts.groups.length === 0) return [];
  return [ACCOUNT_VARIABLES.passwd, ACCOUNT_VARIABLES.group, ...(record.user === null ? [] : [ACCOUNT_VARIABLES.runAs])];
};

const updateOf = (update: SwarmService['update']): Json => ({ order: update.order, parallelism: update.parallelism, failure_action: update.failureAction });

/** The service's stack file, as data, "$" already escaped. */
export const stackDocument = (record: SwarmService): Record<string, Json> => {
  const service: Record<string, Json> = {
    image: record.image,
    entrypoint: [...record.command],
    init: record.init,
    stop_signal: record.stopSignal,
    stop_grace_period: `${record.stopGraceSeconds}s`,
    volumes: Object.keys(record.mounts).sort().map((target) => {
      const mount = record.mounts[target]!;
      return { type: 'bind', source: mount.source, target, read_only: mount.readOnly };
    }),
  };
  if (Object.keys(record.environment).length > 0) service.environment = { ...record.environment };
  // The `run` wrapper starts as root and runs the process as its user.
  if (record.user !== null) service.user = '0:0';
  if (record.workdir !== null) service.working_dir = record.workdir;
  if (record.capAdd.length > 0) service.cap_add = [...record.capAdd];
  if (record.healthcheck !== null) {
    const h = record.healthcheck;
    service.healthcheck = { test: ['CMD', ...h.test], interval: seconds(h.intervalSeconds), timeout: seconds(h.timeoutSeconds), retries: h.retries, start_period: seconds(h.startPeriodSeconds) };
  }
  if (record.network === 'host') service.networks = { [HOST_KEY]: {} };
  else service.networks = { [OVERLAY_KEY]: record.aliases.length > 0 ? { aliases: [...record.aliases] } : {} };
  if (record.ports.length > 0) {
    // The routing mesh (ingress) cannot reach dnsrr services: they publish on their node.
    const mode = record.endpointMode === 'dnsrr' ? 'host' : 'ingress';
    service.ports = record.ports.map((port) => ({ target: port, published: port, protocol: 'tcp', mode }));
  }
  const deploy: Record<string, Json> = {
    mode: 'replicated',
    replicas: record.replicas,
    labels: { ...record.labels },
    restart_policy: {
      condition: record.restart.condition,
      delay: `${record.restart.delaySeconds}s`,
      max_attempts: record.restart.maxAttempts,
      ...(record.restart.windowSeconds > 0 ? { window: `${record.restart.windowSeconds}s` } : {}),
    },
    update_config: updateOf(record.update),
    rollback_config: updateOf(record.rollback),
  };
  if (record.network === 'overlay') deploy.endpoint_mode = record.endpointMode;
  if (record.placement.constraints.length > 0 || record.placement.preferences.length > 0) {
    deploy.placement = {
      constraints: [...record.placement.constraints],
      preferences: record.placement.preferences.map((preference) => {
        const at = preference.indexOf('=');
        return { [preference.slice(0, at)]: preference.slice(at + 1) };
      }),
    };
  }
  service.deploy = deploy;
  const escaped = escapeInterpolation(service) as Record<string, Json>;
  const variables = accountVariables(record);
  if (variables.length > 0) {
    escaped.environment = { ...(escaped.environment as Record<string, Json> | undefined), ...Object.fromEntries(variables.map((name) => [name, `\${${name}}`])) };
  }
  const networks: Json = record.network === 'host'
    ? { [HOST_KEY]: { external: true, name: 'host' } }
    : { [OVERLAY_KEY]: { driver: 'overlay' } };
  return { version: '3.8', services: { [record.key]: escaped }, networks };
};

/** The stack file's text. */
export const renderStackFile = (record: SwarmService): string =>
  YAML.stringify(stackDocument(record), { sortMapEntries: true, lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: null });
