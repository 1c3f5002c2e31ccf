/**
 * systemd's command lines (`systemd.service(5)`, "Command lines"): `%` specifiers of the
 * unit's name, then words unquoted with C escapes, the `@-:+!` prefixes, `${VAR}` as one
 * word and `$VAR` alone split at blanks, from the unit's environment.
 * @module
 */
import { unitWords } from './unit-file.js';
import type { Argv } from './types.js';

/** A note about the unit being read: the setting, and what it says. */
export type Said = [field: string, message: string];

/** `%` specifiers that depend on the unit's name alone; the others depend on the machine. */
export const specifiers = (unit: string, text: string, notes: Said[]): string => {
  const name = `${unit}.service`;
  const [prefix, instance = ''] = unit.split('@') as [string, string?];
  const known: Record<string, string> = { n: name, N: unit, p: prefix, P: prefix, i: instance, I: instance, '%': '%' };
  return text.replace(/%(.)/g, (whole, c: string) => {
    if (known[c] !== undefined) return known[c]!;
    notes.push(['specifier', `${whole} left as it is (it depends on the machine systemd runs on)`]);
    return whole;
  });
};

/** An `ExecStart=` line as argv, with the environment systemd would expand it with. */
export const commandOf = (text: string, env: ReadonlyMap<string, string>, fromFiles: ReadonlySet<string>, notes: Said[]): Argv => {
  const words = unitWords(text).map((w) => w.text);
  const prefix = /^[-@:+!]+/.exec(words[0] ?? '')?.[0] ?? '';
  if (prefix !== '') {
    words[0] = words[0]!.slice(prefix.length);
    notes.push(['ExecStart', `prefix ${prefix} dropped (${prefix.includes('@') ? 'the second word is argv[0] in systemd' : 'procform has no counterpart'})`]);
    if (prefix.includes('@')) words.splice(1, 1);
  }
  const expanded = words.flatMap((word) => {
    const whole = /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(word);
    if (whole) return (env.get(whole[1]!) ?? '').split(/\s+/).filter((w) => w !== '');
    return [word.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (m, name?: string) => (m === '$$' ? '$' : env.get(name!) ?? ''))];
  });
  for (const m of text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (!env.has(m[1]!)) notes.push(['ExecStart', `$${m[1]} is not set by the unit: expanded to nothing, as systemd does without it`]);
    else if (fromFiles.has(m[1]!)) notes.push(['ExecStart', `$${m[1]} comes from an EnvironmentFile: its value at import time is in args, and stays there when the file changes`]);
  }
  if (expanded.length === 0) throw new SyntaxError('an empty command');
  return { executable: expanded[0]!, args: expanded.slice(1) };
};
