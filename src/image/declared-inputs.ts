/**
 * Declared inputs in an image: an image cannot mount this machine's paths, so the files
 * and directories processes declare in `inputs` are copied to their own paths, like
 * `--include`. Those inside the model's directory come with it.
 * @module
 */
import type { BuildResult } from '../build/build.js';

const isUnder = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

/**
 * The declared inputs of every process that lie neither in `modelDir` nor under one of
 * `includes`, outermost only, sorted.
 */
export const declaredInputCopies = (build: BuildResult, modelDir: string, includes: readonly string[]): string[] => {
  const paths = [...new Set(build.model.processes.flatMap((spec) => spec.inputs.map((input) => input.path)))].sort();
  const covered = [modelDir, ...includes];
  return paths.filter((path) => !covered.some((dir) => isUnder(path, dir)) && !paths.some((other) => other !== path && isUnder(path, other)));
};
