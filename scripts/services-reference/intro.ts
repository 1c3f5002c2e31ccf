/**
 * The reference's introduction: what the library is and what every constructor has in common.
 * @module
 */

/**
 * The introduction's lines.
 * @param source the entry file the reference is read from, relative to the project
 * @param command the command that regenerates the page
 */
export const intro = (source: string, command: string) => (constructors: readonly string[]): string[] => [
  '# `procform/services` reference',
  '',
  `<!-- Generated from the TSDoc of ${source} by \`${command}\`. Edit the TSDoc, then run it again. -->`,
  '',
  '`procform/services` is procform\'s library of constructors for real services: processes',
  'for the programs a system usually runs, with their configuration, accounts, state',
  'directories and readiness already worked out. A model file imports them next to',
  'procform\'s own API:',
  '',
  '```ts',
  'import { defineProcesses } from \'procform\';',
  `import { ${constructors.length === 0 ? '…' : constructors.join(', ')} } from 'procform/services';`,
  '```',
  '',
  '- **A constructor is a plain function** of the model\'s [parameters](../README.md#parameters)',
  '  and its arguments, `constructor(params, options)`, returning a managed process, the value',
  '  `createManagedProcess` returns. Use it as an instance\'s `pkg`, list it in another',
  '  process\'s `dependencies`, or write a constructor of your own the same way: it renders on',
  '  every backend. Each runs as an account of its own, created by the deployment.',
  '- **Arguments are checked where you call the constructor.** A value it cannot accept, such',
  '  as a name with characters a process name cannot have or a port out of range, throws',
  '  `ServiceArgumentError`, which procform reports as a model problem at the call, with the',
  '  file and line of your model.',
  '- **A missing program stops the build.** A constructor for a third-party program names the',
  '  Debian package that provides it (`providedBy`). When the program is not installed,',
  '  `procform build` fails before it writes anything, saying what to install, e.g.',
  '  `install postgresql-15 (on Debian: apt-get install postgresql-15)`. Build with',
  '  `--no-host-checks` for another machine.',
  '- **Secrets are passed as files.** A password is never an argument: a constructor takes the',
  '  path of a file that holds it, such as `passwordFile`, and that file is read at run time.',
  '  No secret lands in the store, in a generated file or in the model.',
  '',
  'Each argument below has its type as written in the source, whether it is required, its',
  'default and its meaning. The library\'s own types are described after the table that uses',
  'them; the model\'s types (`ReadinessInput`, `RestartInput`, `StateDirInput`, …) are those of',
  '[`createManagedProcess`](../README.md#createmanagedprocess-fields).',
];
