/**
 * Values the schema cannot judge alone: environment names, signals, executables,
 * log patterns.
 * @module
 */
import { ENV_NAME } from '../schema.js';
import type { Problem } from '../problem.js';
import type { Rule } from './context.js';

/** Environment variable names must be valid shell names. */
export const environmentNames: Rule = (context) => [...context.specs].flatMap(([instance, spec]) =>
  [...Object.keys(spec.environment), ...Object.keys(spec.secrets?.values ?? {})].filter((name) => !ENV_NAME.test(name)).map((name): Problem => ({
    code: 'invalid-env-name', instance, field: `environment.${name}`,
    message: `environment variable name ${JSON.stringify(name)} is invalid`,
    hint: 'use letters, digits and "_", not starting with a digit',
    ...context.blame(instance),
  })));

/** A process needs something to run, and executables must be absolute paths or bare names. */
export const executables: Rule = (context) => [...context.specs].flatMap(([instance, spec]): Problem[] => {
  if (spec.foregroundProcess === null && spec.daemon === null) {
    return [{ code: 'no-executable', instance, field: 'process', message: 'the process has nothing to run', hint: 'set process, foregroundProcess or daemon', ...context.blame(instance) }];
  }
  const fields = [['foregroundProcess', spec.foregroundProcess], ['daemon', spec.daemon]] as const;
  return fields.filter(([, exe]) => exe !== null && exe.includes('/') && !exe.startsWith('/')).map(([field, exe]): Problem => ({
    code: 'relative-executable', instance, field,
    message: `executable ${JSON.stringify(exe)} is a relative path`,
    hint: 'use an absolute path (for a file next to the model: fileURLToPath(new URL("./bin/x", import.meta.url))) or a bare command name',
    ...context.blame(instance),
  }));
});

/**
 * An executable written by `params.writeFile` in this build must have been written with
 * `executable: true`. Checked against the build's own files, not the disk, so it holds
 * on a machine whose store is still empty, and with host checks off.
 */
export const storeMadeExecutables: Rule = (context) => [...context.specs].flatMap(([instance, spec]) =>
  (['foregroundProcess', 'daemon'] as const)
    .filter((field) => spec[field] !== null && context.outputs.get(spec[field]!) === false)
    .filter((field) => !(field === 'daemon' && spec.daemon === spec.foregroundProcess))
    .map((field): Problem => ({
      code: 'not-executable', instance, field,
      message: `executable ${spec[field]} is written by params.writeFile without executable: true, so it cannot be run`,
      hint: 'pass executable: true to params.writeFile, or run it through its interpreter (e.g. /bin/sh with the file as an argument)',
      ...context.blame(instance),
    })));

/** A log readiness pattern must compile. */
export const logPatterns: Rule = (context) => [...context.specs].flatMap(([instance, spec]): Problem[] => {
  const r = spec.readiness;
  if (r?.kind !== 'log') return [];
  try {
    new RegExp(r.pattern.source, r.pattern.flags);
    return [];
  } catch (error) {
    return [{ code: 'invalid-pattern', instance, field: 'readiness.pattern', message: `readiness pattern is not a valid regular expression: ${(error as Error).message}`, ...context.blame(instance) }];
  }
});
