/**
 * `procform import FILE`: a Procfile, process-compose file, compose file, PM2 ecosystem
 * file, supervisord configuration or systemd units as a procform model.
 * @module
 */
import { dirname, relative, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { FORMATS, importSource, type Format, type Note } from '../../import/index.js';
import { writeImport } from '../import-files.js';
import { withJsonOption } from '../options.js';
import { painter } from '../style.js';
import { invocation } from '../invocation.js';

interface ImportOptions {
  readonly from?: Format;
  readonly output: string;
  readonly force?: boolean;
  readonly json?: boolean;
}

const noteLine = (note: Note): string => `  ${note.instance ?? '(file)'}  ${note.field}: ${note.message.replace(/\n/g, '\\n')}\n`;

/** Runs the import command. */
export const runImport = async (file: string, options: ImportOptions): Promise<void> => {
  const modelPath = resolve(options.output);
  const result = await importSource(file, { from: options.from, modelDir: dirname(modelPath) });
  const written = writeImport(result, modelPath, options.force ?? false);
  const { system } = result;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({
      format: system.format, source: system.source, model: written.model, ids: written.ids ?? null,
      processes: system.processes.map((p) => p.instance),
      notImported: system.notes.map((n) => ({ instance: n.instance ?? null, field: n.field, message: n.message })),
    })}\n`);
    return;
  }
  const paint = painter(process.stderr);
  const shown = relative(process.cwd(), written.model) || written.model;
  process.stderr.write(`${paint('green', '✓')} wrote ${shown}: ${system.processes.length} process${system.processes.length === 1 ? '' : 'es'} from ${system.format} (${system.processes.map((p) => p.instance).join(', ')})${written.ids ? `, and ${relative(process.cwd(), written.ids) || written.ids}` : ''}\n`);
  if (system.notes.length > 0) {
    process.stderr.write(`${paint('yellow', 'not imported')} (${system.notes.length}; also comments in the model):\n`);
    for (const note of system.notes) process.stderr.write(noteLine(note));
  }
  const procform = invocation();
  process.stderr.write(`next: ${procform} build -f ${shown}, then ${procform} up -f ${shown}\n`);
};

/** The import command. */
export const importCommand = (): Command => {
  const command = new Command('import')
    .summary('write a processes model from a Procfile, compose, process-compose, PM2, supervisord or systemd file')
    .description('Reads a system described for another tool and writes the same processes as a typed processes.ts (and ids.json when it assigns ports, as foreman does). Everything the source says that procform cannot express is listed on stderr and as a comment in the model. A directory is read as systemd units (every .service in it).')
    .argument('<file>', 'the source: Procfile, process-compose.yaml, compose.yaml, ecosystem.config.js, supervisord.conf, a .service file or a directory of them')
    .addOption(new Option('--from <format>', 'the source\'s format (default: from its name and content)').choices([...FORMATS]))
    .option('-o, --output <file>', 'the model to write', 'processes.ts')
    .option('--force', 'replace an existing model (and ids.json)');
  withJsonOption(command);
  return command.action((file: string, options: ImportOptions) => runImport(file, options));
};
