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
  /** Primary group. */
  readonly group?: string;
  /** Supplementary groups. @default [] */
  readonly extraGroups?: readonly string[];
  /** GECOS comment. */
  readonly description?: string;
  /** Home directory. @default "/dev/null" when created */
  readonly homeDir?: string;
  /** Create the home directory. @default false */
  readonly createHomeDir?: boolean;
  /** Login shell. @default the system's nologin shell */
  readonly shell?: string;
}

/** `credentials` of a process: the groups and users it needs, by name. */
export interface Credentials {
  readonly groups?: Readonly<Record<string, GroupSpec>>;
  readonly users?: Readonly<Record<string, UserSpec>>;
}
