/**
 * `procform ids`: assign ports, uids and gids from the pools of an id-resources file to the
 * instances that ask for them, keeping earlier assignments stable.
 * @module
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../../errors.js';
import { assignIds, describeChange, parseIdResources, parseIdsFile, serializeIdsFile } from '../../ids/index.js';
import { inWorker } from '../../build/in-worker.js';
import { importFresh } from '../../model/load.js';
import { modelFile, resolveParams, type ModelOptions } from '../params.js';
import { withJsonOption, withModelOptions } from '../options.js';
import { progress } from '../progress.js';

interface IdsOptions extends ModelOptions {
  readonly idResources?: string;
  readonly outputFile?: string;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

const readResources = async (path: string): Promise<unknown> => {
  if (!existsSync(path)) throw new InputError(`id-resources file ${path} does not exist`, 'pass --id-resources FILE, or create idresources.json next to the model');
  if (/\.(c|m)?[jt]s$/.test(path)) return ((await importFresh(path)) as { default?: unknown }).default;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read id-resources file ${path}: ${(error as Error).message}`);
  }
};

const readIdsFile = (path: string): unknown => {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ids file ${path}: ${(error as Error).message}`, 'fix or remove it; assignments are then made afresh');
  }
};

/** Runs the ids command. */
export const runIds = async (options: IdsOptions): Promise<void> => {
  const report = progress(options.quiet || options.json);
  const file = modelFile(options);
  const idsPath = resolve(options.ids ?? process.env.PROCFORM_IDS ?? join(dirname(file), 'ids.json'));
  const resourcesPath = resolve(options.idResources ?? process.env.PROCFORM_ID_RESOURCES ?? join(dirname(file), 'idresources.json'));
  const resources = parseIdResources(await readResources(resourcesPath));
  const previous = parseIdsFile(readIdsFile(idsPath));
  // The model is evaluated with the ids it has now, so a first run sees no ids at all.
  const params = resolveParams(options, previous.ids);
  const instances = await inWorker({ kind: 'ids', file, params });
  const { ids, changes } = assignIds({ resources, previous, instances });
  const output = resolve(options.outputFile ?? idsPath);
  const text = serializeIdsFile(ids);
  const changed = !existsSync(output) || readFileSync(output, 'utf8') !== text;
  if (!options.dryRun && changed) {
    const temp = `${output}.tmp-${process.pid}`;
    writeFileSync(temp, text);
    renameSync(temp, output);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ file: output, written: !options.dryRun && changed, ids, changes })}\n`);
    return;
  }
  for (const change of changes) if (change.kind !== 'kept') report.step(describeChange(change));
  report.done(`${options.dryRun ? 'would write' : changed ? 'wrote' : 'unchanged:'} ${output}`);
  if (options.dryRun) process.stdout.write(text);
};

/** The ids command. */
export const idsCommand = (): Command => {
  const command = new Command('ids')
    .summary('assign unique ports, uids and gids to instances')
    .description('Assigns ids from the pools of an id-resources file ({ "pool": { "min", "max", "step", "scope" } }) to every instance that lists the pool in requiresUniqueIdsFor. Existing assignments are kept, stale ones pruned, and freed ids are not reused before the pool wraps around. The ids file is read back by the model as params.ids.')
    .option('--id-resources <file>', 'pools file, JSON or TS (default: idresources.json next to the model; $PROCFORM_ID_RESOURCES)')
    .option('-o, --output-file <file>', 'where to write the ids (default: the --ids file)')
    .option('-n, --dry-run', 'print the new ids file instead of writing it')
    .option('-q, --quiet', 'no progress on stderr');
  withModelOptions(command);
  withJsonOption(command);
  return command.action((options: IdsOptions) => runIds(options));
};
