/**
 * `procform compose`: build the model for the docker backend and print (or write) the
 * deployment as a compose.yaml, for users who run it with `docker compose up`.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { composeDocument, RECORD_FILE, renderCompose, type DockerContainer } from '../../backends/docker/index.js';
import { composeAccounts } from '../../backends/docker/compose-accounts.js';
import type { BuildResult } from '../../build/build.js';
import { buildGeneration, type BuildOptions } from '../build-generation.js';
import { withJsonOption, withModelOptions } from '../options.js';
import { progress } from '../progress.js';

interface ComposeOptions extends BuildOptions {
  readonly output?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** The container records of a docker build, in the model's dependency order. */
const recordsOf = (result: BuildResult): DockerContainer[] =>
  result.model.processes.map((spec) => {
    const entry = result.processEntries.get(spec.instance)!;
    const node = entry.files.find((f) => f.path === RECORD_FILE);
    if (node?.kind !== 'file') throw new Error(`entry ${entry.path} has no ${RECORD_FILE}`);
    return JSON.parse(node.content) as DockerContainer;
  });

/** Runs the compose command. */
export const runCompose = async (options: ComposeOptions): Promise<void> => {
  const report = progress(options.quiet || options.json || options.output === undefined);
  // Remembered options decide what the document describes: said even when it goes to stdout.
  const { result } = await buildGeneration(options, report, 'docker', { remember: true, notes: progress(options.quiet || options.json) });
  const records = recordsOf(result);
  const document = composeDocument(records, await composeAccounts(records));
  const text = options.json ? `${JSON.stringify(document)}\n` : renderCompose(document);
  if (options.output === undefined) {
    process.stdout.write(text);
    return;
  }
  const path = resolve(options.output);
  writeFileSync(path, text);
  report.done(`wrote ${records.length} services to ${path}`);
  process.stdout.write(`${path}\n`);
};

/** The compose command. */
export const composeCommand = (): Command => {
  const command = new Command('compose')
    .summary('export the model as a compose.yaml for docker compose')
    .description('Builds the model for the docker backend (into the store, as `build -P docker` does) and prints the deployment as a compose document: one service per process with the same image, command, environment, accounts (the host\'s entries, which the container\'s wrapper adds), mounts, restart policy, stop signal and network as `switch -P docker` creates. Every "$" is doubled for compose\'s interpolation.')
    .option('--output <file>', 'write the document to FILE instead of stdout (prints its path)')
    .option('-o, --backend-option <key=value>', 'a docker backend option: image=…, network=bridge|host, deployment=… (repeatable)', (word: string, all: string[] = []) => [...all, word])
    .option('--no-host-checks', 'do not check users and executables against this machine')
    .option('-q, --quiet', 'no progress on stderr');
  withModelOptions(command);
  withJsonOption(command);
  return command.action((options: ComposeOptions) => runCompose(options));
};
