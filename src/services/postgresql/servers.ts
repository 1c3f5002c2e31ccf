/**
 * What `postgresqlScript` needs to know about a server `postgresql` made: how to reach it
 * and what it declared. Kept beside the returned process rather than in it, so the
 * process's fields stay exactly those of `createManagedProcess`.
 * @module
 */
import type { ManagedProcess } from '../../model/managed-process.js';

/** Connection facts and declarations of one server. */
export interface PostgresqlServer {
  readonly name: string;
  readonly version: number;
  readonly port: number;
  readonly socketDir: string;
  /** Where other processes reach it over TCP: `params.serviceHost(name)`. */
  readonly host: string;
  readonly binDir: string;
  readonly roles: ReadonlySet<string>;
  /** Database name → owner. */
  readonly databases: ReadonlyMap<string, string>;
}

const servers = new WeakMap<ManagedProcess, PostgresqlServer>();

/** Records the server `process` stands for. */
export const recordServer = (process: ManagedProcess, server: PostgresqlServer): ManagedProcess => {
  servers.set(process, server);
  return process;
};

/** The server `process` stands for, when `postgresql` made it. */
export const serverOf = (process: unknown): PostgresqlServer | undefined =>
  typeof process === 'object' && process !== null ? servers.get(process as ManagedProcess) : undefined;
