/**
 * State directories: created before start with an owner and a mode, replacing the
 * `mkdir`/`chown` lines that `initialize` scripts otherwise carry.
 * @module
 */

/** A state directory: an absolute path, or the path with its owner and mode. */
export type StateDirInput =
  | string
  | {
      /** The directory, an absolute path; missing parents are created too. */
      readonly path: string;
      /** Octal mode such as `"0750"`. @default "0750" */
      readonly mode?: string | number;
      /** Its owner (only with user change). @default the process's user */
      readonly user?: string;
      /** Its group (only with user change). @default the user's primary group */
      readonly group?: string;
    };

/** A state directory after normalization (`user`/`group` are null when user change is disabled). */
export interface StateDir {
  readonly path: string;
  readonly mode: string;
  readonly user: string | null;
  readonly group: string | null;
}
