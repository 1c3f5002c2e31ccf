/**
 * The Kubernetes activator. A switch is one `kubectl apply --prune` of the whole next
 * generation (the cluster rolls what changed and deletes what is gone), preceded by
 * deleting the Jobs that must run again and followed by restarting the workloads the plan
 * restarts for a dependency's sake, then waiting for every started process in dependency
 * order. `describe` lists the same commands for `switch --dry-run`, which needs no cluster.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../../deploy/plan-types.js';
import { quoteArgv } from '../../render/shell.js';
import type { ActivationGeneration, ActivationResult, Activator } from '../../deploy/activator.js';
import type { BuildSettings } from '../../generation/settings.js';
import { applyArgs, deleteAllArgs, deleteJobArgs, getArgs, restartArgs, waitArgs } from './commands.js';
import { generationMap } from './generation-map.js';
import { kubectl, kubectlError, kubectlProgram, runKubectl, unreachable } from './kubectl.js';
import { INSTANCE_ANNOTATION } from './labels.js';
import { optionsOf, type KubernetesOptions } from './options.js';
import { MANIFESTS_FILE, toYaml } from './render.js';
import { kubernetesRecordFile, type KubernetesActivation } from './record.js';
import { readRecordFile } from '../../deploy/record-file.js';
import { readSecretsFile } from '../../deploy/secrets.js';

/** One kubectl run of a switch. */
interface Step {
  readonly argv: readonly string[];
  /**
   * What goes to stdin, and how --dry-run names it. The text is made only when the step
   * runs: it holds secret values, which a dry run neither needs nor may show.
   */
  readonly input?: { readonly text: () => string; readonly label: string };
  /** Set on the waits: whose readiness this step checks. */
  readonly waitsFor?: string;
}

const activationOf = (generation: ActivationGeneration, instance: string): KubernetesActivation | null => {
  const unit = generation.units.find((u) => u.instance === instance);
  return unit === undefined ? null : readRecordFile(unit.entry, kubernetesRecordFile);
};

/**
 * A process's Secret, with the values a switch delivered to its file just before: built
 * here, at apply time, so the values never reach the store.
 */
const secretOf = (secret: NonNullable<KubernetesActivation['secret']>): string => toYaml({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: secret.metadata,
  type: 'Opaque',
  data: Object.fromEntries(Object.entries(readSecretsFile(secret.file)).map(([name, value]) => [name, Buffer.from(value, 'utf8').toString('base64')])),
});

/**
 * The `kubectl apply` input: the Secrets first (a pod needs them when it is created), every
 * process's manifests in start order, then the generation's ConfigMap.
 */
const applyInput = (generation: ActivationGeneration, options: KubernetesOptions): string => {
  const secrets = generation.units.flatMap((unit) => {
    const secret = activationOf(generation, unit.instance)?.secret;
    return secret === undefined ? [] : [secretOf(secret)];
  });
  return [...secrets, ...generation.units.map((unit) => readFileSync(join(unit.entry, MANIFESTS_FILE), 'utf8')), toYaml(generationMap(generation, options))].join('---\n');
};

const secretCount = (generation: ActivationGeneration): number =>
  generation.units.filter((unit) => activationOf(generation, unit.instance)?.secret !== undefined).length;

const sameTarget = (a: KubernetesOptions, b: KubernetesOptions): boolean => a.namespace === b.namespace && a.deployment === b.deployment;

/** The kubectl runs that carry out `plan`. */
const switchSteps = (plan: Plan, previous: ActivationGeneration | null, next: ActivationGeneration | null): Step[] => {
  if (next === null || next.units.length === 0) {
    // Undeploy: delete what is deployed, which the previous generation names best.
    const settings = previous?.settings ?? next?.settings;
    return settings ? [{ argv: deleteAllArgs(optionsOf(settings)) }] : [];
  }
  const options = optionsOf(next.settings);
  const started = plan.start.map((instance) => activationOf(next, instance)!);
  const steps: Step[] = started.filter((a) => a.kind === 'Job').map((a) => ({ argv: deleteJobArgs(a) }));
  const secrets = secretCount(next);
  const label = `${secrets === 0 ? '' : `${secrets} Secret${secrets === 1 ? '' : 's'} (values not shown), `}the manifests of ${next.units.length} process${next.units.length === 1 ? '' : 'es'} and the generation ConfigMap`;
  steps.push({ argv: applyArgs(options), input: { text: () => applyInput(next, options), label } });
  // Pods read their environment when they are made: a restart asked for (a rotated secret,
  // `procform restart`) or a dependency's restart needs new pods even when nothing applied changed.
  const restarts = (a: KubernetesActivation): boolean =>
    plan.reasons[a.instance] === 'dependency-restarted' || (plan.reasons[a.instance] === 'requested' && plan.stop.includes(a.instance));
  for (const a of started) if (restarts(a) && a.kind !== 'Job') steps.push({ argv: restartArgs(a) });
  for (const a of started) steps.push({ argv: waitArgs(a), waitsFor: a.instance });
  if (previous !== null && !sameTarget(optionsOf(previous.settings), options)) steps.push({ argv: deleteAllArgs(optionsOf(previous.settings)) });
  return steps;
};

const reasonOf = (stderr: string, stdout: string, code: number | null): string =>
  (stderr || stdout).trim().split('\n').slice(-3).join(' ') || `kubectl exited with status ${code}`;

interface Workload {
  readonly kind?: string;
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly status?: { readonly readyReplicas?: number; readonly succeeded?: number };
}

const isUp = (item: Workload): boolean =>
  item.kind === 'Job' ? (item.status?.succeeded ?? 0) >= 1 : (item.status?.readyReplicas ?? 0) >= 1;

/** The activator. */
export const activator: Activator = {
  async running(settings: BuildSettings) {
    const answer = JSON.parse(await kubectl(getArgs(optionsOf(settings)))) as { items?: Workload[] };
    const up = new Set<string>();
    for (const item of answer.items ?? []) {
      const instance = item.metadata?.annotations?.[INSTANCE_ANNOTATION];
      if (instance !== undefined && isUp(item)) up.add(instance);
    }
    return up;
  },

  async apply(plan, previous, next): Promise<ActivationResult> {
    const failed: { instance: string; reason: string }[] = [];
    const failedSet = new Set<string>();
    const dependencies = new Map((next?.units ?? []).map((u) => [u.instance, u.dependencies]));
    for (const step of switchSteps(plan, previous, next)) {
      if (step.waitsFor !== undefined) {
        const broken = dependencies.get(step.waitsFor)?.find((dep) => failedSet.has(dep));
        if (broken !== undefined) {
          failed.push({ instance: step.waitsFor, reason: `its dependency ${broken} did not come up` });
          failedSet.add(step.waitsFor);
          continue;
        }
      }
      const result = await runKubectl(step.argv, step.input?.text() ?? '', step.waitsFor !== undefined ? 3600 : 600);
      if (result.code === 0) continue;
      if (unreachable(result)) throw kubectlError(step.argv, result);
      const reason = reasonOf(result.stderr, result.stdout, result.code);
      if (step.waitsFor !== undefined) {
        failed.push({ instance: step.waitsFor, reason });
        failedSet.add(step.waitsFor);
        continue;
      }
      // Nothing can be waited for when the manifests were not applied: every start fails.
      const targets = plan.start.length > 0 ? plan.start : plan.stop;
      return { failed: targets.map((instance) => ({ instance, reason: `${quoteArgv([kubectlProgram(), ...step.argv.slice(0, 1)])} failed: ${reason}` })) };
    }
    return { failed };
  },

  describe(plan, previous, next) {
    return switchSteps(plan, previous, next).map((step) =>
      `${quoteArgv([kubectlProgram(), ...step.argv])}${step.input ? ` <<< ${step.input.label}` : ''}`);
  },
};
