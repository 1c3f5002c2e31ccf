/**
 * Checks against the machine: users and groups exist or are declared, executables exist.
 * Skipped when the model is built for another machine.
 * @module
 */
import { SYSTEM_PATH } from '../normalize.js';
import type { Problem } from '../problem.js';
import type { Rule } from './context.js';

/** Users and groups a process runs as must be declared in some credentials or exist. */
export const usersExist: Rule = (context) => {
  const { host } = context;
  if (!host || context.forceDisableUserChange) return [];
  const users = new Set<string>();
  const groups = new Set<string>();
  for (const spec of context.specs.values()) {
    Object.keys(spec.credentials.users).forEach((u) => users.add(u));
    Object.keys(spec.credentials.groups).forEach((g) => groups.add(g));
  }
  const problems: Problem[] = [];
  for (const [instance, spec] of context.specs) {
    const wanted: [string, string, 'user' | 'group'][] = [];
    if (spec.user !== null) wanted.push(['user', spec.user, 'user']);
    for (const [name, u] of Object.entries(spec.credentials.users)) {
      if (u.group !== null) wanted.push([`credentials.users.${name}.group`, u.group, 'group']);
      u.extraGroups.forEach((g) => wanted.push([`credentials.users.${name}.extraGroups`, g, 'group']));
    }
    spec.stateDirs.forEach((d, i) => {
      if (d.user !== null) wanted.push([`stateDirs[${i}].user`, d.user, 'user']);
      if (d.group !== null) wanted.push([`stateDirs[${i}].group`, d.group, 'group']);
    });
    for (const [field, name, kind] of wanted) {
      const known = kind === 'user' ? users.has(name) || host.userExists(name) : groups.has(name) || host.groupExists(name);
      if (!known) {
        problems.push({
          code: `unknown-${kind}`, instance, field,
          message: `${kind} "${name}" is neither declared in credentials nor present on this machine`,
          hint: `declare it in credentials.${kind}s, or build with --force-disable-user-change for an unprivileged deployment`,
          ...context.blame(instance),
        });
      }
    }
  }
  return problems;
};

/**
 * Executables must exist: absolute paths as given, bare names on the process's PATH.
 * A file `params.writeFile` made in this build is judged by `storeMadeExecutables`
 * instead, since it is not on disk before the build is written.
 */
export const executablesExist: Rule = (context) => {
  const { host } = context;
  if (!host) return [];
  const problems: Problem[] = [];
  for (const [instance, spec] of context.specs) {
    const searchPath = (spec.environment.PATH ?? SYSTEM_PATH).split(':').filter((d) => d.startsWith('/'));
    for (const field of ['foregroundProcess', 'daemon'] as const) {
      const exe = spec[field];
      if (exe === null || (exe.includes('/') && !exe.startsWith('/'))) continue;
      if (field === 'daemon' && exe === spec.foregroundProcess) continue;
      if (context.outputs.has(exe)) continue;
      const found = exe.startsWith('/') ? host.isExecutable(exe) : searchPath.some((dir) => host.isExecutable(`${dir}/${exe}`));
      if (!found) {
        problems.push({
          code: 'missing-executable', instance, field,
          message: exe.startsWith('/') ? `executable ${exe} does not exist or is not executable` : `command "${exe}" is not found on PATH (${searchPath.join(':')})`,
          hint: spec.providedBy !== undefined
            ? `install ${spec.providedBy} (on Debian: apt-get install ${spec.providedBy}), or build with --no-host-checks when building for another machine`
            : 'install it, fix the path, or build with --no-host-checks when building for another machine',
          ...context.blame(instance),
        });
      }
    }
  }
  return problems;
};
