/**
 * The command line of scripts/services-reference.ts, apart from the process it runs in.
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { defaultEntry, defaultOut, projectRoot, regenerateCommand, servicesReference } from './generate.js';

const usage = 'usage: node --import tsx scripts/services-reference.ts [--check] [--out FILE] [ENTRY]';

/** The command line's options, or undefined when it is not one this command takes. */
const parse = (argv: readonly string[]): { check: boolean; out: string; entry: string } | undefined => {
  const options = { check: false, out: defaultOut, entry: defaultEntry };
  const entries: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    if (argument === '--check') options.check = true;
    else if (argument === '--out' && index + 1 < argv.length) options.out = argv[(index += 1)]!;
    else if (argument.startsWith('-')) return undefined;
    else entries.push(argument);
  }
  return entries.length > 1 ? undefined : { ...options, entry: entries[0] ?? options.entry };
};

/**
 * Writes the reference, or with `--check` compares it with the file; returns the exit code:
 * 0 done or current, 1 out of date or documentation missing (nothing written), 100 usage.
 * @param report receives the messages, each a line
 */
export const referenceCommand = (argv: readonly string[], report: (line: string) => void): number => {
  const options = parse(argv);
  if (options === undefined) {
    report(usage);
    return 100;
  }
  // Paths relative to the project, so the page and the command it names are the same from any directory.
  const out = relative(projectRoot, resolve(options.out));
  const entry = relative(projectRoot, resolve(options.entry));
  const command = regenerateCommand(out, entry);
  const { markdown, problems } = servicesReference(entry, command);
  for (const problem of problems) report(`${problem.at}: ${problem.message}`);
  if (problems.length > 0) {
    report(`${out} is unchanged: a function needs a summary, an argument a description, an optional one a @default (${problems.length} missing)`);
    return 1;
  }
  const target = resolve(projectRoot, out);
  if (!options.check) {
    writeFileSync(target, markdown);
    return 0;
  }
  if (existsSync(target) && readFileSync(target, 'utf8') === markdown) return 0;
  report(`${out} is out of date with the TSDoc of ${entry}: run ${command}`);
  return 1;
};
