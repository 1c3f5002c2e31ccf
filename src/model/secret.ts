/**
 * Secrets: environment values that are never written into the store. The model names
 * where a value comes from (a file, or an environment variable of the user who deploys);
 * the store keeps only that name, and a switch reads the value and hands it to the process
 * through a file only the process's user can read.
 * @module
 */

/** A secret read from a file of the deploying machine at switch time. */
export interface SecretFile {
  readonly secret: 'file';
  /** Absolute path of the file; its whole content is the value, one final newline dropped. */
  readonly path: string;
}

/** A secret read from an environment variable of the user who runs `procform switch`. */
export interface SecretEnv {
  readonly secret: 'env';
  /** Name of the variable in the deploying user's environment. */
  readonly name: string;
}

/** A value of `environment` that stays out of the store: see `secret.file` and `secret.env`. */
export type Secret = SecretFile | SecretEnv;

/**
 * Makes secret environment values. The store holds only the file path or variable name, so
 * rebuilding after the value changes gives the same generation; a switch compares the
 * delivered values and restarts the processes whose secrets changed.
 * @example
 * environment: {
 *   DB_PASSWORD: secret.file('/etc/app/db-password'),
 *   API_TOKEN: secret.env('APP_API_TOKEN'),
 * }
 */
export const secret = {
  /** The content of the file at `path` (absolute), read at each switch. */
  file: (path: string): SecretFile => Object.freeze({ secret: 'file', path }),
  /** The variable `name` of the environment `procform switch` runs in, read at each switch. */
  env: (name: string): SecretEnv => Object.freeze({ secret: 'env', name }),
} as const;

/** True when an `environment` value is a secret rather than a plain value. */
export const isSecret = (value: unknown): value is Secret =>
  typeof value === 'object' && value !== null && ((value as Secret).secret === 'file' || (value as Secret).secret === 'env');

/** What a process gets as secrets: where the switch writes them, and where each comes from. */
export interface SecretsSpec {
  /** The file a switch writes the values to (mode 0400, owned by the process's user). */
  readonly file: string;
  /** The process's user, who owns the file; null when it runs as the manager's user. */
  readonly user: string | null;
  /** Variable name to source, sorted by name. */
  readonly values: Readonly<Record<string, Secret>>;
}

/** A secret's source in words, for messages: `file /etc/x` or `$NAME of the deploying user`. */
export const describeSecret = (value: Secret): string =>
  value.secret === 'file' ? `file ${value.path}` : `variable ${value.name} of the environment procform switch runs in`;
