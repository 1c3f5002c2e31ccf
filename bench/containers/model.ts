// The webapps example (one webapp behind the node proxy), built in-process for a backend
// into a fresh state dir, with its ports from free ones, the way the acceptance tests do.
// Unprivileged (user change off): no accounts are made on the host, and every column
// runs the processes as the image's root alike.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../src/deploy/backend.js';
import type { BackendOptions } from '../../src/generation/settings.js';
import { computeBuild, writeBuild, type BuildResult } from '../../src/build/build.js';
import { realizeWithPostInstall } from '../../src/build/realize.js';
import type { ProcessesDefinition } from '../../src/model/define-processes.js';
import { loadDefinition } from '../../src/model/load.js';
import { deploymentParams } from '../../test/conformance/acceptance.js';
import type { Ports } from './answer.js';
import type { Created } from './created.js';

/** The model every column runs. */
export const MODEL = fileURLToPath(new URL('../../examples/webapps/processes.ts', import.meta.url));

let definition: ProcessesDefinition | null = null;

/** A fresh state dir (recorded for removal), readable by the containers' users. */
export const stateDir = (created: Created): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-bench-ct-'));
  chmodSync(dir, 0o755);
  created.dirs.add(dir);
  return dir;
};

/** Builds the model for `backend` with `ports`, and writes it into the state dir's store. */
export const buildWebapps = async (backend: Backend, state: string, ports: Ports, backendOptions: BackendOptions): Promise<BuildResult> => {
  definition ??= await loadDefinition(MODEL);
  const ids = { webappPorts: { webapp: ports.webapp }, nginxPorts: { nginx: ports.proxy } };
  const result = computeBuild({
    definition, backend, sourceFile: MODEL, realize: realizeWithPostInstall,
    params: { ...deploymentParams(state, false, backend.name, ids), backendOptions },
  });
  writeBuild(result);
  return result;
};
