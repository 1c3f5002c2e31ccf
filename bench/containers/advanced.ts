// The advanced webapps example (six webapps behind two node proxies) for the container
// benchmark: built with fresh ports for a backend, and the check that every route answers.
// It shows what starting independent containers side by side is worth: the six webapps
// do not depend on each other, each proxy depends on its webapps.
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../src/deploy/backend.js';
import type { BackendOptions } from '../../src/generation/settings.js';
import { computeBuild, writeBuild, type BuildResult } from '../../src/build/build.js';
import { realizeWithPostInstall } from '../../src/build/realize.js';
import type { ProcessesDefinition } from '../../src/model/define-processes.js';
import { loadDefinition } from '../../src/model/load.js';
import { deploymentParams } from '../../test/conformance/acceptance.js';
import { freePorts } from '../../test/helpers/wait.js';
import { untilAnswer, untilSilent } from './answer.js';

/** The model file. */
export const ADVANCED_MODEL = fileURLToPath(new URL('../../examples/webapps/processes-advanced.ts', import.meta.url));

/** Which proxy routes to which webapps, as the model declares it. */
const ROUTES: Readonly<Record<string, readonly number[]>> = { nginx: [1, 2, 3, 4], nginx2: [5, 6] };

/** Ports of one deployment of the advanced example. */
export interface AdvancedPorts {
  readonly webapps: Readonly<Record<string, number>>;
  readonly proxies: Readonly<Record<string, number>>;
}

/** Free ports for every webapp and proxy. */
export const advancedPorts = async (): Promise<AdvancedPorts> => {
  const free = await freePorts(8);
  return {
    webapps: Object.fromEntries([1, 2, 3, 4, 5, 6].map((n, i) => [`webapp${n}`, free[i]!])),
    proxies: { nginx: free[6]!, nginx2: free[7]! },
  };
};

let definition: ProcessesDefinition | null = null;

/** Builds the advanced example for `backend` with `ports` into the state dir's store. */
export const buildAdvanced = async (backend: Backend, state: string, ports: AdvancedPorts, backendOptions: BackendOptions): Promise<BuildResult> => {
  definition ??= await loadDefinition(ADVANCED_MODEL);
  const ids = { webappPorts: { ...ports.webapps }, nginxPorts: { ...ports.proxies } };
  const result = computeBuild({
    definition, backend, sourceFile: ADVANCED_MODEL, realize: realizeWithPostInstall,
    params: { ...deploymentParams(state, false, backend.name, ids), backendOptions },
  });
  writeBuild(result);
  return result;
};

/** Every route of both proxies, as the host name the proxy matches and the ports involved. */
const routes = (ports: AdvancedPorts) => Object.entries(ROUTES).flatMap(([proxy, numbers]) =>
  numbers.map((n) => ({ proxy: ports.proxies[proxy]!, webapp: ports.webapps[`webapp${n}`]!, host: `webapp${n}.local` })));

/** Resolves once both proxies route every host name to its webapp. */
export const untilAdvancedAnswers = async (ports: AdvancedPorts): Promise<void> => {
  await Promise.all(routes(ports).map((route) => untilAnswer(route)));
};

/** Resolves once neither proxy answers any more. */
export const untilAdvancedSilent = async (ports: AdvancedPorts): Promise<void> => {
  await Promise.all(Object.values(ports.proxies).map((proxy) => untilSilent({ proxy })));
};
