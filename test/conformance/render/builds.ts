// The feature model's build for each backend, as the files a golden set holds and the
// store paths a second build must repeat.
import { fileURLToPath } from 'node:url';
import { computeBuild } from '../../../src/build/build.js';
import type { Backend } from '../../../src/deploy/backend.js';
import { testParams } from '../../helpers/params.js';
import { featureModel } from './models.js';

/** The `-o` options a backend needs to build at all. */
export const BACKEND_OPTIONS: Readonly<Record<string, Record<string, string>>> = { docker: { image: 'registry.example/app:1' }, swarm: { image: 'registry.example/app:1' } };

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The feature model built for `backend`: every file of every process entry by `instance/path`, and every store path. */
export const featureBuild = (backend: Backend): { files: Map<string, string>; paths: string[] } => {
  const result = computeBuild({
    definition: featureModel, backend, sourceFile: '/nowhere/processes.ts',
    params: testParams('/srv/pf', { processManager: backend.name, backendOptions: BACKEND_OPTIONS[backend.name] ?? {} }),
  });
  const files = new Map<string, string>();
  for (const [instance, entry] of result.processEntries) {
    for (const node of entry.files) files.set(`${instance}/${node.path}`, node.kind === 'file' ? node.content.replaceAll(root, '<root>/') : `-> ${node.target}`);
  }
  return { files, paths: result.entries.map((entry) => entry.path) };
};
