// Everything the container benchmark creates, so that it can all be removed and the
// removal checked: containers, pods, procform deployments (found by their label), images
// with the intermediate layers their builds added, and temp dirs. The engine is shared
// with other users of the machine, so only what is recorded here is ever removed.
import { existsSync } from 'node:fs';
import { removeTree } from '../../src/store/write.js';
import { exists, podmanOk, podmanRun } from './engine.js';

/** The label the docker backend puts on a deployment's containers. */
const DEPLOYMENT_LABEL = 'io.procform.deployment';

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter((l) => l !== '');

/** An image id without the `sha256:` that `images -q --no-trunc` prints and `inspect` does not. */
const bareId = (id: string): string => id.replace(/^sha256:/, '');

/** Every image id the engine has now (intermediate ones too). */
export const imageIds = (): Set<string> => new Set(lines(podmanOk(['images', '-a', '-q', '--no-trunc']).stdout).map(bareId));

const inspect = (image: string, format: string): string => bareId(podmanRun(['image', 'inspect', '--format', format, image]).stdout.trim());

/**
 * An image and its ancestors, top first, following `.Parent` down to the first id in
 * `known`. The parents are what a build with layers leaves: one image per instruction,
 * metadata-only ones included (`history` shows those as <missing>, so it cannot be used).
 */
const chainIds = (image: string, known: ReadonlySet<string>): string[] => {
  const chain: string[] = [];
  for (let id = inspect(image, '{{.Id}}'); id !== '' && !known.has(id) && !chain.includes(id); id = inspect(id, '{{.Parent}}')) chain.push(id);
  return chain;
};

/** Whether an image id has no name: an intermediate layer, never someone's tagged image. */
const untagged = (id: string): boolean => podmanRun(['image', 'inspect', '--format', '{{len .RepoTags}}', id]).stdout.trim() === '0';

/** The record, with removal and the final check. */
export class Created {
  readonly containers = new Set<string>();
  readonly pods = new Set<string>();
  readonly deployments = new Set<string>();
  /** Tag → the image ids its build added (the image and its new parents, top first). */
  readonly images = new Map<string, string[]>();
  readonly dirs = new Set<string>();

  /**
   * Records a built image: its own images are the image and its parents down to the
   * first that was there before the build (`before`) or is the base image, so neither
   * the base image nor cached layers of other images are ever counted.
   */
  image(tag: string, before: ReadonlySet<string>, base: string): void {
    this.images.set(tag, chainIds(tag, new Set([...before, inspect(base, '{{.Id}}')])));
  }

  /**
   * Removes an image and the layers its build added, top first; `--no-prune` keeps podman
   * from also removing dangling parents that were there before, and a layer with a name is
   * never removed. A layer that another image was built on since then stays (rmi refuses),
   * and shows up in {@link leftovers}.
   */
  removeImage(tag: string): void {
    podmanRun(['rmi', '--no-prune', tag]);
    for (const id of this.images.get(tag) ?? []) if (exists('image', id) && untagged(id)) podmanRun(['rmi', '--no-prune', id]);
  }

  /** Containers of a procform docker deployment, by label. */
  static deploymentContainers(deployment: string): string[] {
    return lines(podmanOk(['ps', '-a', '-q', '--filter', `label=${DEPLOYMENT_LABEL}=${deployment}`]).stdout);
  }

  /** What is still there, described; empty when everything recorded is gone. */
  leftovers(): string[] {
    const left: string[] = [];
    for (const name of this.containers) if (exists('container', name)) left.push(`container ${name}`);
    for (const name of this.pods) if (exists('pod', name)) left.push(`pod ${name}`);
    for (const deployment of this.deployments) {
      for (const id of Created.deploymentContainers(deployment)) left.push(`container ${id.slice(0, 12)} of deployment ${deployment}`);
    }
    for (const [tag, ids] of this.images) {
      if (exists('image', tag)) left.push(`image ${tag}`);
      for (const id of ids) if (exists('image', id)) left.push(`layer ${id.slice(0, 12)} of ${tag}`);
    }
    for (const dir of this.dirs) if (existsSync(dir)) left.push(`dir ${dir}`);
    return left;
  }

  /** Removes whatever is left, by force; safe to call twice and on Ctrl-C. */
  cleanup(): void {
    const ids = [...this.deployments].flatMap((d) => Created.deploymentContainers(d));
    const containers = [...this.containers].filter((name) => exists('container', name));
    if (containers.length + ids.length > 0) podmanRun(['rm', '-f', '-t', '0', ...containers, ...ids]);
    const pods = [...this.pods].filter((name) => exists('pod', name));
    if (pods.length > 0) podmanRun(['pod', 'rm', '-f', '-t', '0', ...pods]);
    for (const tag of this.images.keys()) this.removeImage(tag);
    for (const dir of this.dirs) removeTree(dir);
  }
}
