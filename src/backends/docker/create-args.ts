/**
 * The `docker create` argument list of a container record. Every value is its own argv
 * word, given as `--flag=value` so no value can pass for another flag; the command
 * follows the image, where docker stops reading options.
 * @module
 */
import { accountEnvironment, type ContainerAccounts } from './accounts.js';
import type { DockerContainer } from './record.js';

const sorted = (keys: Iterable<string>): string[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * `docker create` arguments (without the program name) for `record`; `accounts`, its
 * accounts as this machine has them (see accounts.ts); `ulimits`, the `--ulimit` words this
 * machine's engine needs (see ulimits.ts).
 */
export const createArgs = (record: DockerContainer, accounts: ContainerAccounts | null, ulimits: readonly string[] = []): string[] => {
  const args = ['create', `--name=${record.name}`];
  for (const key of sorted(Object.keys(record.labels))) args.push(`--label=${key}=${record.labels[key]!}`);
  if (record.init) args.push('--init');
  const { policy, maxRetries } = record.restart;
  args.push(`--restart=${policy === 'on-failure' && maxRetries > 0 ? `on-failure:${maxRetries}` : policy}`);
  args.push(`--stop-signal=${record.stopSignal}`, `--stop-timeout=${record.stopTimeout}`);
  // The wrapper starts as root whatever the image's USER, and runs the process as its user.
  if (record.user !== null) args.push('--user=0:0');
  if (record.workdir !== null) args.push(`--workdir=${record.workdir}`);
  const environment = { ...record.environment, ...(accounts === null ? {} : accountEnvironment(accounts)) };
  for (const name of sorted(Object.keys(environment))) args.push(`--env=${name}=${environment[name]!}`);
  args.push(`--network=${record.network}`);
  for (const alias of record.aliases) args.push(`--network-alias=${alias}`);
  for (const port of record.ports) args.push(`--publish=${port}:${port}`);
  for (const target of sorted(Object.keys(record.mounts))) {
    const mount = record.mounts[target]!;
    args.push(`--volume=${mount.source}:${target}${mount.readOnly ? ':ro' : ''}`);
  }
  // Mounted over the bind mount that carries the path (the engine mounts parents first).
  for (const path of record.hidden) args.push(`--tmpfs=${path}:mode=0700`);
  for (const capability of record.capAdd) args.push(`--cap-add=${capability}`);
  args.push(...ulimits);
  // Cleared so the command runs exactly as recorded, whatever the image's ENTRYPOINT.
  args.push('--entrypoint=', record.image, ...record.command);
  return args;
};
