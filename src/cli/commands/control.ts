/**
 * `procform start|stop|restart NAME…`: control single processes of a deployment, through
 * its backend's activator.
 * @module
 */
import { Command } from 'commander';
import { ControlError } from '../../errors.js';
import { progressEvents } from '../switch-report.js';
import { requireManager, requireOperation } from '../deployments.js';
import { withDeploymentOption, withDirectoryOptions } from '../options.js';
import type { ModelOptions } from '../params.js';
import { progress } from '../progress.js';
import { warnAboutFaults } from '../manager-faults.js';
import { targetOf } from '../target.js';

const verbs = {
  start: 'start processes (and the dependencies they need)',
  stop: 'stop processes (and what depends on them)',
  restart: 'restart processes (and what depends on them)',
} as const;

/** One of the start, stop and restart commands. */
export const controlCommand = (verb: keyof typeof verbs): Command => {
  const command = new Command(verb)
    .summary(verbs[verb])
    .description(`${verbs[verb][0]!.toUpperCase()}${verbs[verb].slice(1)} in the running supervisor, or in the deployment made with -P BACKEND.`)
    .argument('<name...>', 'instance names')
    .option('-q, --quiet', 'no progress on stderr');
  withDeploymentOption(command);
  withDirectoryOptions(command);
  return command.action(async (names: string[], options: ModelOptions & { quiet?: boolean }) => {
    const deployment = await targetOf(options, verb);
    requireOperation(deployment, 'control', verb);
    await requireManager(deployment);
    const result = await deployment.activator.control!(verb, names, deployment.generation, progressEvents(progress(options.quiet)));
    if (result.failed.length > 0) {
      throw new ControlError(`${verb} on ${deployment.backend.name} did not finish: ${result.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ')}`, `procform status -P ${deployment.backend.name} shows where each process is`);
    }
    process.stderr.write(`${verb}: ${names.join(', ')}\n`);
    await warnAboutFaults(deployment.backend, deployment.generation.settings);
  });
};
