/**
 * The `docker create` argument list of a container record. Every value is its own argv
 * word, given as `--flag=value` so no value can pass for another flag; the command
 * follows the image, where docker stops reading options.
 * @module
 */
import type { DockerContainer } from './record.js';

/** The ids a record's user and group resolved to on the host. */
export interface ResolvedUser {
  readonly uid: number;
  readonly gid: number;
  /** Supplementary groups of the user on the host. */
  readonly groups: readonly number[];
}

const sorted = (keys: Iterable<string>): string[] => [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * `docker create` arguments (without the program name) for `record`; `user` when it has
 * one; `ulimits`, the `--ulimit` words this machine's engine needs (see ulimits.ts).
 */
export const createArgs = (record: DockerContainer, user: ResolvedUser | null, ulimits: readonly string[] = []): string[] => {
  const args = ['create', `--name=${record.name}`];
  for (const key of sorted(Object.keys(record.labels))) args.push(`--label=${key}=${record.labels[key]!}`);
  if (record.init) args.push('--init');
  const { policy, maxRetries } = record.restart;
  args.push(`--restart=${policy === 'on-failure' && maxRetries > 0 ? `on-failure:${maxRetries}` : policy}`);
  args.push(`--stop-signal=${record.stopSignal}`, `--stop-timeout=${record.stopTimeout}`);
  if (user !== null) {
    args.push(`--user=${user.uid}:${user.gid}`);
    for (const gid of user.groups) if (gid !== user.gid) args.push(`--group-add=${gid}`);
  }
  if (record.workdir !== null) args.push(`--workdir=${record.workdir}`);
  for (const name of sorted(Object.keys(record.environment))) args.push(`--env=${name}=${record.environment[name]!}`);
  args.push(`--network=${record.network}`);
  for (const alias of record.aliases) args.push(`--network-alias=${alias}`);
  for (const port of record.ports) args.push(`--publish=${port}:${port}`);
  for (const target of sorted(Object.keys(record.mounts))) {
    const mount = record.mounts[target]!;
    args.push(`--volume=${mount.source}:${target}${mount.readOnly ? ':ro' : ''}`);
  }
  for (const capability of record.capAdd) args.push(`--cap-add=${capability}`);
  args.push(...ulimits);
  // Cleared so the command runs exactly as recorded, whatever the image's ENTRYPOINT.
  args.push('--entrypoint=', record.image, ...record.command);
  return args;
};
