/**
 * Users and groups a process needs. Kept compatible with the fields Dysnomia's user
 * management understands, so a deployment creates them the same way on every manager.
 * @module
 */

/** A group to create. */
export interface GroupSpec {
  /** Fixed group id. @default from `params.ids.gids`, else chosen by the system */
  readonly gid?: number;
}

/** A user to create. */
export interface UserSpec {
  /** Fixed user id. @default from `params.ids.uids`, else chosen by the system */
  readonly uid?: number;
  /** Primary group. @default a group named after the user (useradd's) */
  readonly group?: string;
  /** Supplementary groups. @default [] */
  readonly extraGroups?: readonly string[];
  /** GECOS comment. @default empty */
  readonly description?: string;
  /** Home directory. @default `"/dev/null"` when created */
  readonly homeDir?: string;
  /** Create the home directory. @default false */
  readonly createHomeDir?: boolean;
  /** Login shell. @default the system's nologin shell */
  readonly shell?: string;
}

/** `credentials` of a process: the groups and users it needs, by name. */
export interface Credentials {
  /** Groups to create, by name. @default {} */
  readonly groups?: Readonly<Record<string, GroupSpec>>;
  /** Users to create, by name. @default {} */
  readonly users?: Readonly<Record<string, UserSpec>>;
}
