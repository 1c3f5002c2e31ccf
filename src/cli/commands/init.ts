/**
 * `procform init`: a first model in the current folder, or the import of what another
 * process manager already describes there.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import { EXAMPLE_MODEL, editorTsconfig, IMPORTABLE } from '../../init/index.js';
import { runImport } from './import.js';
import { invocation } from '../invocation.js';

interface InitOptions {
  readonly import?: boolean;
  readonly force?: boolean;
}

// This procform's types: the built declarations, or the sources when it runs from them.
const typesPath = (): string => {
  const built = fileURLToPath(new URL('../../index.d.ts', import.meta.url));
  return existsSync(built) ? built : fileURLToPath(new URL('../../index.ts', import.meta.url));
};

/** Runs the init command in `dir`. */
export const runInit = async (dir: string, options: InitOptions): Promise<void> => {
  const found = IMPORTABLE.filter((name) => existsSync(join(dir, name)));
  const procform = invocation();
  if (found.length > 0 && !options.import) {
    process.stderr.write(`found ${found.join(', ')}: import ${found.length === 1 ? 'it' : 'one'} with\n${found.map((name) => `  ${procform} import ${name}\n`).join('')}or run ${procform} init --import to import ${found[0]}\n`);
    return;
  }
  const model = join(dir, 'processes.ts');
  if (found.length > 0) {
    await runImport(join(dir, found[0]!), { output: model, force: options.force ?? false });
  } else {
    if (existsSync(model) && !options.force) throw new InputError(`${model} already exists`, 'pass --force to replace it');
    writeFileSync(model, EXAMPLE_MODEL);
    process.stderr.write('wrote processes.ts with one example process\n');
  }
  const tsconfig = join(dir, 'tsconfig.json');
  if (!existsSync(tsconfig)) {
    writeFileSync(tsconfig, editorTsconfig(typesPath()));
    process.stderr.write('wrote tsconfig.json, so an editor finds procform\'s types\n');
  }
  process.stderr.write(`next:\n  ${procform} build     check the model and build it\n  ${procform} up        run it in the foreground (Ctrl-C stops it)\n  ${procform} switch    run it in the background, then ${procform} status\n`);
};

/** The init command. */
export const initCommand = (): Command =>
  new Command('init')
    .summary('start a processes model here, or import one from a Procfile, compose, process-compose or PM2 file')
    .description('In a folder without one, writes processes.ts with one commented example process, and a tsconfig.json through which an editor resolves procform\'s types. In a folder with a Procfile, compose file, process-compose file, PM2 ecosystem file or supervisord.conf, prints the command that imports it; with --import, imports it.')
    .option('--import', 'import the file another process manager reads, when there is one')
    .option('--force', 'replace an existing processes.ts')
    .action((options: InitOptions) => runInit(process.cwd(), options));
