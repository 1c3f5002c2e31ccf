/**
 * The docker activator: one container per process, driven through the engine's command
 * line. Stopping is `stop` (the recorded signal, then SIGKILL after the timeout) and
 * `rm`; starting is `create` + `start` and a wait for readiness before dependents start;
 * independent containers start side by side.
 * The engine's restart policy keeps processes running between switches. Containers are
 * found by their deployment label, so nothing outside the deployment is touched.
 * @module
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import type { Plan } from '../../deploy/plan-types.js';
import { startInOrder, stopInOrder } from '../../deploy/run-in-order.js';
import type { ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { byInstance } from '../activation-files.js';
import { resolveAccounts } from './accounts.js';
import { createArgs } from './create-args.js';
import { engine, engineOk, inspectContainer, labelledContainers } from './engine.js';
import { keepFailedOutput } from './failed-output.js';
import { DEPLOYMENT_LABEL, INSTANCE_LABEL, TYPE_LABEL } from './names.js';
import { dockerOptions } from './options.js';
import { dockerRecordFile, type DockerContainer } from './record.js';
import { makeHostDirectories } from './host-directories.js';
import { readRecordFile } from '../../deploy/record-file.js';
import { readLimitFacts } from './limit-facts.js';
import { ulimitArgs } from './ulimits.js';
import { waitReady } from './wait-ready.js';

/** Reads the container record of an entry. */
export const readRecord = (entry: string): DockerContainer => readRecordFile(entry, dockerRecordFile);


/** Stops and removes a container; a missing one is fine. */
const removeContainer = async (name: string, stopTimeout: number): Promise<void> => {
  if ((await inspectContainer(name)) === null) return;
  await engineOk(['stop', '-t', String(stopTimeout), '--', name], stopTimeout + 60);
  await engineOk(['rm', '--force', '--', name]);
};

/**
 * Makes the deployment's directories that are missing on the host, as a machine has them:
 * the containers reach them through the mount of the directory above, and processes write
 * their logs, sockets and pid files there. A tmp directory made here is shared, as /tmp is.
 */
const makeDirectories = (settings: BuildSettings): void => {
  for (const dir of [settings.stateDir, settings.runtimeDir, settings.logDir, settings.tmpDir, settings.cacheDir, settings.spoolDir, settings.lockDir, settings.libDir]) {
    if (existsSync(dir)) continue;
    mkdirSync(dir, { recursive: true });
    if (dir === settings.tmpDir) chmodSync(dir, 0o1777);
  }
};

/** Creates the bridge network of a deployment unless it exists. */
const ensureNetwork = async (network: string, deployment: string): Promise<void> => {
  if ((await engine(['network', 'inspect', '--', network])).code === 0) return;
  await engineOk(['network', 'create', `--label=${DEPLOYMENT_LABEL}=${deployment}`, '--', network]);
};

/** Removes a deployment's bridge network once none of its containers is left. */
const dropNetworkIfEmpty = async (network: string, deployment: string): Promise<void> => {
  if ((await labelledContainers(DEPLOYMENT_LABEL, deployment)).length > 0) return;
  if ((await engine(['network', 'inspect', '--', network])).code !== 0) return;
  await engineOk(['network', 'rm', '--', network]);
};

/**
 * Creates host directories, the container, starts it and waits until it is ready; null
 * when it is, else why not, with the container's output kept below `logDir`.
 */
const startContainer = async (record: DockerContainer, logDir: string): Promise<string | null> => {
  await makeHostDirectories(record);
  const accounts = await resolveAccounts(record);
  const ulimits = ulimitArgs(await readLimitFacts());
  const existing = await inspectContainer(record.name);
  if (existing !== null) {
    if (existing.labels[DEPLOYMENT_LABEL] !== record.activation.deployment) {
      return `a container named ${record.name} exists and does not belong to deployment ${record.activation.deployment}; remove or rename it`;
    }
    await removeContainer(record.name, record.stopTimeout);
  }
  await engineOk(createArgs(record, accounts, ulimits));
  await engineOk(['start', '--', record.name]);
  const reason = await waitReady(record, accounts?.runAs ?? null);
  return reason === null ? null : keepFailedOutput(record, logDir, reason);
};

/** Bridge networks used by some records, with their deployments. */
const networksOf = (records: Iterable<DockerContainer>): Map<string, string> =>
  new Map([...records].filter((r) => r.network !== 'host').map((r) => [r.network, r.activation.deployment]));

/** The activator. */
export const activator: Activator = {
  async running(settings) {
    const up = new Set<string>();
    for (const container of await labelledContainers(DEPLOYMENT_LABEL, dockerOptions(settings).deployment)) {
      const instance = container.labels[INSTANCE_LABEL];
      if (instance === undefined) continue;
      const oneshotDone = container.labels[TYPE_LABEL] === 'oneshot' && container.status === 'exited' && container.exitCode === 0;
      if (container.running || container.status === 'restarting' || oneshotDone) up.add(instance);
    }
    return up;
  },

  async apply(plan: Plan, previous, next, events): Promise<ActivationResult> {
    const settings = (next ?? previous)?.settings;
    if (settings === undefined) return { failed: [] };
    const failed: { instance: string; reason: string }[] = [];
    const old = byInstance(previous, readRecord, true);
    const wanted = byInstance(next, readRecord);
    const live = await labelledContainers(DEPLOYMENT_LABEL, dockerOptions(settings).deployment);

    const dependedOn = new Map((previous?.units ?? []).map((unit) => [unit.instance, unit.dependencies]));
    failed.push(...await stopInOrder(plan.stop, (instance) => dependedOn.get(instance) ?? [], async (instance) => {
      const record = old.get(instance);
      const name = record?.name ?? live.find((c) => c.labels[INSTANCE_LABEL] === instance)?.name;
      if (name !== undefined) await removeContainer(name, record?.stopTimeout ?? 10);
      return null;
    }, events));

    if (next !== null) makeDirectories(settings);
    for (const [network, deployment] of networksOf(wanted.values())) await ensureNetwork(network, deployment);
    failed.push(...await startInOrder(
      plan.start.filter((instance) => wanted.has(instance)),
      (instance) => wanted.get(instance)?.activation.dependencies ?? [],
      (instance) => startContainer(wanted.get(instance)!, settings.logDir),
      events,
    ));

    const stillUsed = networksOf(wanted.values());
    for (const [network, deployment] of networksOf(old.values())) {
      if (!stillUsed.has(network)) await dropNetworkIfEmpty(network, deployment);
    }
    return { failed };
  },
};
