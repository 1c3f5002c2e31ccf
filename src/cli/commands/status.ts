/**
 * `procform status`: the state of every process of a deployment, asked through its
 * backend's activator.
 * @module
 */
import { Command } from 'commander';
import { ControlError } from '../../errors.js';
import { formatDeploymentStatus, type DeploymentStatusDocument } from '../format-status.js';
import { requireManager, requireOperation, type Deployment } from '../deployments.js';
import { withDeploymentOption, withDirectoryOptions, withJsonOption } from '../options.js';
import type { ModelOptions } from '../params.js';
import { painter } from '../style.js';
import { targetsOf } from '../target.js';
import { repairDeployments } from '../repairs.js';

const statusOf = async (deployment: Deployment): Promise<DeploymentStatusDocument> => {
  requireOperation(deployment, 'status', 'status');
  await requireManager(deployment);
  const status = await deployment.activator.status!(deployment.generation);
  return { backend: deployment.backend.name, number: deployment.number, generation: deployment.generation.path, ...status };
};

/** The status command. */
export const statusCommand = (): Command => {
  const command = new Command('status')
    .summary('show the state of every process')
    .description('Shows each process of the running supervisor (procform up or the daemon), or of the deployment made with -P BACKEND: state, pid, uptime, restarts, readiness and last exit; failed processes with their last output lines. Without -P and with no supervisor running, shows every deployment of the state dir. "—" marks what a process manager cannot tell.');
  withDeploymentOption(command);
  withDirectoryOptions(command);
  withJsonOption(command);
  return command.action(async (options: ModelOptions & { json?: boolean }) => {
    await repairDeployments(options);
    const { targets, left } = await targetsOf(options);
    let failure: ControlError | null = null;
    for (const [index, target] of targets.entries()) {
      // One deployment that cannot answer does not hide the others; the command still fails.
      try {
        const status = await statusOf(target);
        if (!options.json && index > 0) process.stdout.write('\n');
        process.stdout.write(options.json ? `${JSON.stringify(status)}\n` : formatDeploymentStatus(status, painter(process.stdout)));
      } catch (error) {
        if (targets.length === 1) throw error;
        const backend = target.backend.name;
        failure ??= new ControlError(`the ${backend} deployment did not answer: ${(error as Error).message}`, (error as { hint?: string }).hint ?? `procform status -P ${backend} asks it alone`);
      }
    }
    if (left !== null) throw left;
    if (failure !== null) throw failure;
  });
};
