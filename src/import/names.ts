/**
 * Names in the generated model: instance names procform accepts, and TypeScript variable
 * names for them, both derived from the source's names without ever colliding.
 * @module
 */

// procform's own rule for instance names (src/model/rules/uniqueness.ts).
const VALID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/**
 * A valid instance name for a source name: characters procform does not allow become
 * `-`, and a name already taken gets a number.
 */
export const instanceName = (source: string, taken: ReadonlySet<string>): string => {
  let base = VALID.test(source) ? source : source.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '').slice(0, 60) || 'process';
  if (!/^[A-Za-z0-9]/.test(base)) base = `p${base}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 60)}-${n}`;
  return name;
};

const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this',
  'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package',
  'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined', 'NaN', 'Infinity',
  // Names the generated file itself uses.
  'params', 'createManagedProcess', 'defineProcesses', 'here', 'join', 'dirname', 'fileURLToPath', 'process',
]);

/** A camelCase variable name for an instance, unused so far. */
export const variableName = (instance: string, taken: ReadonlySet<string>): string => {
  const words = instance.split(/[^A-Za-z0-9]+/).filter((w) => w !== '');
  let base = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join('') || 'process';
  if (/^[0-9]/.test(base)) base = `p${base}`;
  let name = base;
  for (let n = 2; RESERVED.has(name) || taken.has(name); n++) name = `${base}${n}`;
  return name;
};
