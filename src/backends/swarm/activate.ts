/**
 * The swarm activator: one service per process in one stack, each deployed from its own
 * entry's stack file with `docker stack deploy` (no `--prune`), which creates or updates
 * that service and leaves the stack's others alone. A whole-generation file deployed with
 * `--prune` would also leave the tasks of unchanged services running, but it would start
 * every changed service at once: deploying entry by entry lets the shared plan decide
 * what changes (by entry hash), start services in dependency order, and wait for each one's
 * readiness before its dependents. A service the plan restarts with the spec it has (for a
 * dependency's sake, or `procform restart`) is replaced with `docker service update --force`.
 * Removed and stopped services go with `docker service rm`; undeploying removes the stack,
 * networks included.
 * `describe` lists the same commands for `switch --dry-run`.
 * @module
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import type { Plan } from '../../deploy/plan-types.js';
import type { ActivationGeneration, ActivationResult, Activator } from '../../deploy/activator.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import { readRecordFile } from '../../deploy/record-file.js';
import type { BuildSettings } from '../../generation/settings.js';
import { quoteArgv } from '../../render/shell.js';
import { byInstance } from '../activation-files.js';
import { runCommand } from '../run-command.js';
import { makeHostDirectories } from '../docker/host-directories.js';
import { accountEnvironment, dockerCommand, engineOk, resolveAccounts, type ContainerAccounts } from '../docker/index.js';
import { deployArgs, forceArgs, removeArgs, stackRemoveArgs } from './commands.js';
import { inspectService, servicesByInstance, stackServices, tasksOf } from './engine.js';
import { ENTRY_LABEL, serviceName, STACK_LABEL, TYPE_LABEL } from './names.js';
import { swarmOptions } from './options.js';
import { swarmRecordFile, type SwarmService } from './record.js';
import { accountVariables } from './stack-file.js';
import { waitReady } from './wait-ready.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the service record of an entry. */
export const readRecord = (entry: string): SwarmService => readRecordFile(entry, swarmRecordFile);

/** Runs docker with `args` (and `env`), throwing with its output when it fails. */
const docker = async (args: readonly string[], env?: Readonly<Record<string, string>>, timeoutSeconds = 300): Promise<void> => {
  const result = await runCommand(dockerCommand(), args, { timeoutSeconds, ...(env === undefined ? {} : { env }) });
  if (result.code === 127 && /ENOENT/.test(result.stderr)) throw new Error(`cannot run ${dockerCommand()}: it is not installed or not on PATH`);
  if (result.code !== 0) throw new Error(`${quoteArgv([dockerCommand(), ...args.slice(0, 2)])} failed (${result.code ?? 'killed'})${result.stderr === '' ? '' : `: ${result.stderr}`}`);
};

/** Waits until no container of `service` is left on this node, so its ports and files are free. */
const waitGone = async (service: string, seconds: number): Promise<void> => {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const left = await runCommand(dockerCommand(), ['ps', '--all', '--quiet', `--filter=label=com.docker.swarm.service.name=${service}`], { timeoutSeconds: 30 });
    if (left.code !== 0 || left.stdout.trim() === '' || Date.now() > deadline) return;
    await sleep(300);
  }
};

/** The node directories a service mounts or writes, made as a machine has them (see the docker backend). */
const makeDirectories = async (settings: BuildSettings, record: SwarmService): Promise<void> => {
  for (const dir of [settings.stateDir, settings.runtimeDir, settings.logDir, settings.tmpDir, settings.cacheDir, settings.spoolDir, settings.lockDir, settings.libDir]) {
    if (existsSync(dir)) continue;
    mkdirSync(dir, { recursive: true });
    if (dir === settings.tmpDir) chmodSync(dir, 0o1777);
  }
  // Swarm refuses a bind mount whose source does not exist on the node.
  await makeHostDirectories(record);
};

/** The account variables of the stack file, with this node's entries. */
const accountValues = (record: SwarmService, accounts: ContainerAccounts | null): Record<string, string> => {
  const values = accounts === null ? {} : accountEnvironment(accounts);
  return Object.fromEntries(accountVariables(record).map((name) => [name, (values as Record<string, string>)[name] ?? '']));
};

/**
 * Whether the plan restarts this process with the spec it runs (a dependency restarted, a
 * `procform restart`, a task that ended): deploying the same file again would change nothing.
 */
const sameSpec = async (entry: string, service: string): Promise<boolean> =>
  (await inspectService(service))?.labels[ENTRY_LABEL] === entry;

/** Deploys one service and waits until it is ready; null when it is, else why not. */
const startService = async (settings: BuildSettings, entry: string, record: SwarmService, timeout: number): Promise<string | null> => {
  await makeDirectories(settings, record);
  const accounts = await resolveAccounts(record);
  const service = serviceName(record.activation.stack, record.key);
  const before = new Set((await tasksOf(service)).map((t) => t.id));
  if (await sameSpec(entry, service)) await docker(forceArgs(record));
  else await docker(deployArgs(entry, record), accountValues(record, accounts));
  return waitReady(record, service, before, accounts, timeout);
};

/** The steps of `plan` as docker command lines, for `--dry-run`. */
const describeSteps = (plan: Plan, previous: ActivationGeneration | null, next: ActivationGeneration | null): string[] => {
  const old = byInstance(previous, readRecord, true);
  const wanted = byInstance(next, readRecord);
  const entries = new Map((next?.units ?? []).map((u) => [u.instance, u.entry]));
  const lines: string[] = [];
  const starting = new Set(plan.start);
  for (const instance of plan.stop) {
    if (wanted.has(instance) && starting.has(instance)) continue;
    const record = old.get(instance);
    if (record !== undefined) lines.push(quoteArgv([dockerCommand(), ...removeArgs(serviceName(record.activation.stack, record.key))]));
  }
  for (const instance of plan.start) {
    const record = wanted.get(instance);
    if (record === undefined) continue;
    const variables = accountVariables(record);
    const reason = plan.reasons[instance];
    const argv = reason === 'added' || reason === 'changed' ? deployArgs(entries.get(instance)!, record) : forceArgs(record);
    lines.push(`${quoteArgv([dockerCommand(), ...argv])}${variables.length > 0 && argv[0] === 'stack' ? `  # with ${variables.join(', ')}: this node's account entries` : ''}`);
  }
  // The stack's own network is what `stack rm` has left to remove.
  const overlay = [...old.values()].find((record) => record.network === 'overlay');
  if (wanted.size === 0 && overlay !== undefined) lines.push(quoteArgv([dockerCommand(), ...stackRemoveArgs(overlay.activation.stack)]));
  return lines;
};

/** The activator. */
export const activator: Activator = {
  async running(settings) {
    const up = new Set<string>();
    for (const [instance, service] of await servicesByInstance(swarmOptions(settings).stack)) {
      const task = (await tasksOf(service.name))[0];
      if (task === undefined) continue;
      const oneshotDone = service.labels[TYPE_LABEL] === 'oneshot' && task.state === 'complete';
      if (task.state === 'running' || oneshotDone || (task.desiredState === 'running' && !['failed', 'rejected'].includes(task.state))) up.add(instance);
    }
    return up;
  },

  async apply(plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const stack = swarmOptions(settings).stack;
    const failed: { instance: string; reason: string }[] = [];
    const old = byInstance(previous, readRecord, true);
    const wanted = byInstance(next, readRecord);
    const entries = new Map((next?.units ?? []).map((u) => [u.instance, u.entry]));
    const live = await servicesByInstance(stack);

    // A process that stops and starts again is updated in place when it starts: Swarm stops its old task first (stop-first).
    const starting = new Set(plan.start);
    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      if (wanted.has(instance) && starting.has(instance)) return null;
      const record = old.get(instance);
      const service = record === undefined ? live.get(instance)?.name : serviceName(record.activation.stack, record.key);
      if (service === undefined || (await inspectService(service)) === null) return null;
      await docker(removeArgs(service));
      await waitGone(service, (record?.stopGraceSeconds ?? 10) + 30);
      return null;
    }, events));

    failed.push(...await startInOrder(
      plan.start.filter((instance) => wanted.has(instance)),
      (instance) => wanted.get(instance)?.activation.dependencies ?? [],
      (instance) => {
        const record = wanted.get(instance)!;
        const timeout = events?.deadlines?.get(instance) ?? Math.max(60, record.activation.readiness?.timeout ?? 0);
        return startService(settings, entries.get(instance)!, record, timeout);
      },
      events,
    ));

    // Undeployed: the stack goes, with its networks, once no service of it is left.
    if (wanted.size === 0 && (await stackServices(stack)).length === 0) {
      const networks = await runCommand(dockerCommand(), ['network', 'ls', '--quiet', `--filter=label=${STACK_LABEL}=${stack}`]);
      if (networks.stdout.trim() !== '') await engineOk(stackRemoveArgs(stack));
    }
    return { failed };
  },

  describe: describeSteps,
};
