// procform's docker backend, in-process as the acceptance tests drive it (build, then
// switchBackend through the activator), on podman with the host network: deploy from
// nothing, a switch that moves the webapp's port, a switch with nothing to do, undeploy;
// and deploy and undeploy of the advanced example.
// Builds are done before the timings start: every column starts from files on disk.
import type { Activator } from '../../src/deploy/activator.js';
import { docker } from '../../src/backends/docker/index.js';
import type { Plan } from '../../src/deploy/plan-types.js';
import { activationGeneration, switchBackend, type BackendSwitchResult } from '../../src/deploy/switch-backend.js';
import { removeTree } from '../../src/store/write.js';
import { BASE_IMAGE } from '../../test/helpers/podman.js';
import { freePorts } from '../../test/helpers/wait.js';
import { advancedPorts, buildAdvanced, untilAdvancedAnswers, untilAdvancedSilent } from './advanced.js';
import { timed, untilAnswer, untilSilent } from './answer.js';
import { Created } from './created.js';
import { buildWebapps, stateDir } from './model.js';

/** One run's figures, in ms, and what the switches did. */
export interface DockerRun {
  readonly deploy: number;
  readonly change: number;
  readonly noChange: number;
  readonly undeploy: number;
  /** The in-process build of one generation (not part of any figure above). */
  readonly build: number;
  readonly changePlan: Plan;
}

const activator: Activator = docker.activator!;

const succeeded = (what: string, outcome: BackendSwitchResult): Plan => {
  if (outcome.failed.length > 0) throw new Error(`${what} failed: ${outcome.failed.map((f) => `${f.instance}: ${f.reason}`).join('; ')}`);
  return outcome.plan;
};

/** Runs the four steps once, in a deployment of its own (`name`), and removes it. */
export const dockerBackendRun = async (created: Created, name: string): Promise<DockerRun> => {
  const state = stateDir(created);
  const [webapp, proxy, moved] = await freePorts(3) as [number, number, number];
  created.deployments.add(name);
  const options = { image: BASE_IMAGE, network: 'host', deployment: name };
  const buildStart = performance.now();
  const first = await buildWebapps(docker, state, { webapp, proxy }, options);
  const build = performance.now() - buildStart;
  const second = await buildWebapps(docker, state, { webapp: moved, proxy }, options);
  const one = activationGeneration(first.generation.path, docker.name);
  const two = activationGeneration(second.generation.path, docker.name);

  const deploy = await timed(async () => {
    succeeded('deploy', await switchBackend(activator, null, one));
    await untilAnswer({ webapp, proxy });
  });
  let changePlan: Plan | null = null;
  const change = await timed(async () => {
    changePlan = succeeded('switch', await switchBackend(activator, one, two));
    await untilAnswer({ webapp: moved, proxy });
  });
  let idle: Plan | null = null;
  const noChange = await timed(async () => {
    idle = succeeded('switch with no change', await switchBackend(activator, two, two));
  });
  if (idle!.start.length + idle!.stop.length > 0) throw new Error(`a switch to the same generation planned work: ${JSON.stringify(idle)}`);
  const undeploy = await timed(async () => {
    succeeded('undeploy', await switchBackend(activator, two, null));
  });
  await untilSilent({ proxy });
  const left = Created.deploymentContainers(name);
  if (left.length > 0) throw new Error(`undeploy left ${left.length} container(s) of ${name}`);
  removeTree(state);
  return { deploy, change, noChange, undeploy, build, changePlan: changePlan! };
};

/** Deploy and undeploy of the advanced example, in a deployment of its own (`name`). */
export const dockerBackendAdvancedRun = async (created: Created, name: string): Promise<{ deploy: number; undeploy: number }> => {
  const state = stateDir(created);
  const ports = await advancedPorts();
  created.deployments.add(name);
  const built = await buildAdvanced(docker, state, ports, { image: BASE_IMAGE, network: 'host', deployment: name });
  const generation = activationGeneration(built.generation.path, docker.name);
  const deploy = await timed(async () => {
    succeeded('deploy', await switchBackend(activator, null, generation));
    await untilAdvancedAnswers(ports);
  });
  const undeploy = await timed(async () => {
    succeeded('undeploy', await switchBackend(activator, generation, null));
  });
  await untilAdvancedSilent(ports);
  const left = Created.deploymentContainers(name);
  if (left.length > 0) throw new Error(`undeploy left ${left.length} container(s) of ${name}`);
  removeTree(state);
  return { deploy, undeploy };
};
