/**
 * Backend options: deployment-wide settings a backend declares (`-o key=value`), such as
 * the docker network or the Kubernetes namespace. They are checked and completed with
 * their defaults once, when a build starts, and recorded in the generation so activators
 * read the same values the files were rendered with. A deployment's next build takes the
 * options it is not given from there (`rememberOptions`).
 * @module
 */
import { InputError } from '../errors.js';
import type { BackendOptions } from '../generation/settings.js';

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

/** Throws InputError when `value` is not allowed for option `key`; `from` says where it came from, if not `-o`. */
const checkValue = (key: string, spec: BackendOption, value: string, from?: string): void => {
  const what = from === undefined ? `backend option ${key}=${JSON.stringify(value)}` : `${from} records backend option ${key}=${JSON.stringify(value)}, which`;
  const fix = from === undefined ? '' : `; give -o ${key}=VALUE to replace it`;
  if (spec.values && !spec.values.includes(value)) throw new InputError(`${what} is not allowed`, `choose one of: ${spec.values.join(', ')}${fix}`);
  if (spec.pattern && !spec.pattern.test(value)) throw new InputError(`${what} is not allowed`, `${key}: ${spec.description}${fix}`);
};

/** Options of a build with those not given taken from an earlier generation. */
export interface RememberedOptions {
  /** The given options and the remembered ones, to be resolved as if given. */
  readonly options: Readonly<Record<string, string>>;
  /** The remembered options whose values differ from the defaults: the ones worth telling. */
  readonly remembered: Readonly<Record<string, string>>;
}

/**
 * Makes options sticky: each declared option not in `given` takes its value from
 * `recorded` (the options an earlier generation was built with), and only an option
 * recorded nowhere is left to its default. Keys the backend no longer declares are
 * dropped. A recorded value that is no longer allowed is refused, naming `from` (such as
 * "generation 3"), rather than silently replaced by the default.
 */
export const rememberOptions = (
  specs: BackendOptionSpecs,
  given: Readonly<Record<string, string>>,
  recorded: Readonly<Record<string, string>>,
  from: string,
): RememberedOptions => {
  const options: Record<string, string> = { ...given };
  const remembered: Record<string, string> = {};
  for (const key of Object.keys(specs).sort()) {
    if (Object.hasOwn(given, key) || !Object.hasOwn(recorded, key)) continue;
    const value = recorded[key]!;
    checkValue(key, specs[key]!, value, from);
    options[key] = value;
    if (value !== specs[key]!.default) remembered[key] = value;
  }
  return { options, remembered };
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
    checkValue(key, spec, value);
    resolved[key] = value;
  }
  return resolved;
};
