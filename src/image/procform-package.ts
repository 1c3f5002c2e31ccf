/**
 * Finding the installed procform package for an image: bin/, dist/, package.json and the
 * production dependencies with theirs, resolved the way Node resolves them (nearest
 * node_modules upwards). A dependency hoisted above the package (procform installed inside
 * a project) is placed in the image's own node_modules, so the copy resolves the same.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.js';
import type { HostCopy } from './types.js';

/** The root of this procform package (holding package.json, bin/ and dist/). */
export const packageRoot = (): string => fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** Where `name` resolves from `dir`, and the directory whose node_modules holds it. */
const resolvePackage = (name: string, from: string): { dir: string; base: string } | null => {
  for (let base = from; ; base = dirname(base)) {
    const dir = join(base, 'node_modules', name);
    if (existsSync(join(dir, 'package.json'))) return { dir, base };
    if (dirname(base) === base) return null;
  }
};

/** The host paths to copy and their places below the image's procform directory. */
export const procformPackage = (root = packageRoot()): HostCopy[] => {
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    throw new InputError(`procform at ${root} is not built (dist/ is missing), so it cannot be copied into the image`, 'run npm run build first');
  }
  const copies: HostCopy[] = [
    { from: join(root, 'package.json'), to: 'package.json' },
    { from: join(root, 'bin'), to: 'bin' },
    { from: join(root, 'dist'), to: 'dist' },
  ];
  // Image place of each package directory copied, by host directory.
  const placed = new Map<string, string>([[root, '']]);
  // Inside the package or a placed dependency: the same relative place; above it: hoisted.
  const placeOf = (base: string, dir: string): string => {
    const path = relative(base, dir).split(sep).join('/');
    const owner = placed.get(base);
    return owner ? `${owner}/${path}` : path;
  };
  const visit = (dir: string): void => {
    const { dependencies = {}, optionalDependencies = {} } = manifest(dir);
    for (const name of Object.keys({ ...dependencies, ...optionalDependencies }).sort()) {
      const found = resolvePackage(name, dir);
      if (found === null) {
        if (Object.hasOwn(optionalDependencies, name)) continue;
        throw new InputError(`procform's dependency ${name} (needed by ${dir}) is not installed`, 'run npm install in the procform package');
      }
      if (placed.has(found.dir)) continue;
      const to = placeOf(found.base, found.dir);
      placed.set(found.dir, to);
      copies.push({ from: found.dir, to });
      visit(found.dir);
    }
  };
  visit(root);
  return copies.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
};
