// Prints the feature model's build for every backend as JSON, for the suite to compare
// with its own: a build in a fresh process must come out the same.
import { BACKENDS } from '../../../src/backends/registry.js';
import { featureBuild } from './builds.js';

const builds = Object.fromEntries([...BACKENDS.values()].map((backend) => {
  const { files, paths } = featureBuild(backend);
  return [backend.name, { files: Object.fromEntries(files), paths }];
}));
process.stdout.write(JSON.stringify(builds));
