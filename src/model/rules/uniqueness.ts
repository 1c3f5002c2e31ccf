/**
 * Things two instances may not share: a process name, a port, a pid file, or a user or
 * group declared twice with different attributes.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import type { Problem } from '../problem.js';
import type { Rule, RuleContext } from './context.js';
import { instanceBlame, type Blame } from '../blame.js';

/** A process name must be usable as a file, unit, label and container name. */
export const PROCESS_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

const duplicates = (
  context: RuleContext,
  code: string,
  field: string,
  keyOf: (instance: string) => string | undefined,
  describe: (key: string, first: string) => string,
  blameOf: (instance: string) => Blame = context.blame,
): Problem[] => {
  const owner = new Map<string, string>();
  const problems: Problem[] = [];
  for (const instance of [...context.specs.keys()].sort()) {
    const key = keyOf(instance);
    if (key === undefined) continue;
    const first = owner.get(key);
    if (first === undefined) owner.set(key, instance);
    else problems.push({ code, instance, field, message: describe(key, first), ...blameOf(instance) });
  }
  return problems;
};

/** Process names must be valid and unique. */
export const uniqueNames: Rule = (context) => [
  ...[...context.specs].filter(([, spec]) => !PROCESS_NAME.test(spec.name)).map(([instance, spec]): Problem => ({
    code: 'invalid-name', instance, field: 'name',
    message: `process name ${JSON.stringify(spec.name)} is not allowed`,
    hint: 'use letters, digits and "_.-", starting with a letter or digit, at most 63 characters',
    ...context.blame(instance),
  })),
  ...duplicates(context, 'duplicate-name', 'name', (i) => context.specs.get(i)!.name, (name, first) => `process name "${name}" is also used by instance "${first}"`),
];

/** Two instances may not declare the same `port`. */
export const uniquePorts: Rule = (context) => duplicates(context, 'port-conflict', 'port', (i) => {
  const port = context.metadata.get(i)?.port;
  return typeof port === 'number' ? String(port) : undefined;
}, (port, first) => `port ${port} is also used by instance "${first}"`, (i) => instanceBlame(context.blame(i)));

/** Two processes may not write the same pid file. */
export const uniquePidFiles: Rule = (context) => duplicates(context, 'pid-file-conflict', 'pidFile', (i) => {
  const spec = context.specs.get(i)!;
  return spec.daemon === null ? undefined : spec.pidFile;
}, (file, first) => `pid file ${file} is also used by instance "${first}"`);

/** A user or group declared by several processes must be declared the same way. */
export const consistentCredentials: Rule = (context) => {
  const problems: Problem[] = [];
  for (const kind of ['users', 'groups'] as const) {
    const seen = new Map<string, { instance: string; json: string }>();
    for (const [instance, spec] of [...context.specs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const [name, entry] of Object.entries(spec.credentials[kind])) {
        const json = canonicalJson(entry);
        const first = seen.get(name);
        if (!first) seen.set(name, { instance, json });
        else if (first.json !== json) {
          problems.push({ code: 'credentials-conflict', instance, field: `credentials.${kind}.${name}`, message: `${kind === 'users' ? 'user' : 'group'} "${name}" is declared differently by instance "${first.instance}"`, hint: 'declare it identically everywhere, or in one place', ...context.blame(instance) });
        }
      }
    }
  }
  return problems;
};
