/**
 * Backend options: deployment-wide settings a backend declares (`-o key=value`), such as
 * the docker network or the Kubernetes namespace. They are checked and completed with
 * their defaults once, when a build starts, and recorded in the generation so activators
 * read the same values the files were rendered with.
 * @module
 */
import { InputError } from '../errors.js';

/** One option a backend understands. */
export interface BackendOption {
  /** One line for `--help` and the README. */
  readonly description: string;
  readonly default: string;
  /** The only values allowed, when the option is a choice. */
  readonly values?: readonly string[];
  /** A pattern every value must match, when the option is free text. */
  readonly pattern?: RegExp;
}

/** Option values by name, every declared option present. */
export type BackendOptions = Readonly<Record<string, string>>;

/** What a backend declares: option name → its description and default. */
export type BackendOptionSpecs = Readonly<Record<string, BackendOption>>;

/** Parses `key=value` words into a record; the same key twice is an error. */
export const parseOptionWords = (words: readonly string[]): Record<string, string> => {
  const options: Record<string, string> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) throw new InputError(`backend option ${JSON.stringify(word)} is not key=value`, 'example: -o network=host');
    const key = word.slice(0, at);
    if (Object.hasOwn(options, key)) throw new InputError(`backend option "${key}" is given twice`);
    options[key] = word.slice(at + 1);
  }
  return options;
};

/**
 * Checks `given` against a backend's declared options and fills in the defaults, sorted by
 * name so the recorded settings do not depend on the order of the flags.
 */
export const resolveBackendOptions = (backendName: string, specs: BackendOptionSpecs, given: Readonly<Record<string, string>>): BackendOptions => {
  const known = Object.keys(specs).sort();
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(specs, key)) {
      throw new InputError(
        `backend ${backendName} has no option "${key}"`,
        known.length === 0 ? `${backendName} takes no -o options` : `its options: ${known.join(', ')}`,
      );
    }
  }
  const resolved: Record<string, string> = {};
  for (const key of known) {
    const spec = specs[key]!;
    const value = Object.hasOwn(given, key) ? given[key]! : spec.default;
    if (spec.values && !spec.values.includes(value)) {
      throw new InputError(`backend option ${key}=${JSON.stringify(value)} is not allowed`, `choose one of: ${spec.values.join(', ')}`);
    }
    if (spec.pattern && !spec.pattern.test(value)) {
      throw new InputError(`backend option ${key}=${JSON.stringify(value)} is not allowed`, `${key}: ${spec.description}`);
    }
    resolved[key] = value;
  }
  return resolved;
};
