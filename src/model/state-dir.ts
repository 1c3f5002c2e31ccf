/**
 * State directories: created before start with an owner and a mode, replacing the
 * `mkdir`/`chown` lines that `initialize` scripts otherwise carry.
 * @module
 */

/** A state directory: an absolute path, or the path with its owner and mode. */
export type StateDirInput =
  | string
  | {
      readonly path: string;
      /** Octal mode such as `"0750"`. @default "0750" */
      readonly mode?: string | number;
      /** @default the process's user */
      readonly user?: string;
      /** @default the user's primary group */
      readonly group?: string;
    };

/** A state directory after normalization (`user`/`group` are null when user change is disabled). */
export interface StateDir {
  readonly path: string;
  readonly mode: string;
  readonly user: string | null;
  readonly group: string | null;
}
