/**
 * The whole image as data: store entries at their store paths, the model directory, the
 * manager's files, procform itself where it runs in the image, the setup and start
 * scripts, and the Dockerfile. Pure: the same input gives the same items and text.
 * @module
 */
import { basename, dirname } from 'node:path';
import type { BuildSettings } from '../generation/settings.js';
import { InputError } from '../errors.js';
import { canonicalJson } from '../render/json.js';
import { generationOf, stopTimeoutSum, startOrder } from './build-facts.js';
import { workingDirectories } from './host-paths.js';
import { renderDockerfile, SETUP_SCRIPT, START_SCRIPT } from './dockerfile.js';
import { mutableImage } from './manager-embedded.js';
import type { ManagerImage } from './manager-image.js';
import { MANAGER_IMAGES } from './managers.js';
import { checkImagePath, IDS_FILE, IMAGE_DIR, imageFile, MODEL_DIR, PROCFORM_COMMAND, PROCFORM_HOME } from './paths.js';
import { imageEnvironment, procformWrapper } from './procform-command.js';
import { setupScript } from './setup-script.js';
import type { ImageContext, ImageDescription, ImageInput, ImageItem } from './types.js';

const managerPart = (input: ImageInput, settings: BuildSettings): ManagerImage =>
  (input.mutable ? mutableImage(input.manager) : MANAGER_IMAGES[input.manager](input, settings));

/** Every file and link of every store entry of the build, at its store path. */
const storeItems = (input: ImageInput): ImageItem[] =>
  input.build.entries.flatMap((entry) => entry.files.map((node): ImageItem => (node.kind === 'file'
    ? { kind: 'file', path: `${entry.path}/${node.path}`, content: node.content, executable: node.executable }
    : { kind: 'link', path: `${entry.path}/${node.path}`, target: node.target })));

/**
 * What an immutable image copies from this machine: the paths its processes name. A mutable
 * image carries the model's directory (and an explicit ids file) under /etc/procform
 * instead, since it evaluates the model inside the container.
 */
const hostItems = (input: ImageInput): ImageItem[] => {
  if (!input.mutable) return input.copies.map((path): ImageItem => ({ kind: 'copy', path, from: path }));
  const modelDir = dirname(input.modelFile);
  if (modelDir === '/') throw new InputError('the model file lies in /, so its directory cannot be copied into the image', 'keep the model in a directory of its own');
  return [
    { kind: 'copy', path: MODEL_DIR, from: modelDir },
    ...(input.idsFile === null ? [] : [{ kind: 'copy' as const, path: IDS_FILE, from: input.idsFile }]),
  ];
};

/** procform's package and its wrapper: procform starts the processes of every image. */
const procformItems = (input: ImageInput, settings: BuildSettings): ImageItem[] => {
  const extra: Record<string, string> = {};
  if (input.mutable) {
    extra.PROCFORM_PROCESSES = `${MODEL_DIR}/${basename(input.modelFile)}`;
    extra.PROCFORM_PROCESS_MANAGER = input.manager;
    if (input.idsFile !== null) extra.PROCFORM_IDS = IDS_FILE;
    if (input.extraParams !== null) extra.PROCFORM_EXTRA_PARAMS = input.extraParams;
  }
  return [
    ...input.procform.map(({ from, to }): ImageItem => ({ kind: 'copy', path: `${PROCFORM_HOME}/${to}`, from })),
    { kind: 'file', path: PROCFORM_COMMAND, content: procformWrapper(imageEnvironment(settings, extra)), executable: true },
  ];
};

const byPath = (a: ImageItem, b: ImageItem): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

const isUnder = (path: string, root: string): boolean => path === root || path.startsWith(`${root}/`);

/** The outermost of the candidate roots that hold items; every item must lie under one. */
const rootsOf = (items: readonly ImageItem[], candidates: readonly string[]): string[] => {
  const outermost = [...new Set(candidates)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))
    .filter((root, index, all) => !all.slice(0, index).some((outer) => isUnder(root, outer)));
  const used = outermost.filter((root) => items.some((item) => isUnder(item.path, root)));
  const stray = items.find((item) => !used.some((root) => isUnder(item.path, root)));
  // Every item is generated under a known root, so a stray one is a bug here, not bad input.
  if (stray !== undefined) throw new Error(`${stray.path} lies under no directory the image copies`);
  return used.sort();
};

/** Checks every path and refuses two items at one path. */
const checkItems = (items: readonly ImageItem[]): ImageItem[] => {
  const sorted = items.map((item) => ({ ...item, path: checkImagePath(item.path, 'path') })).sort(byPath);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) {
      throw new InputError(`two things would be placed at ${sorted[i]!.path} in the image`, 'an --include, the model directory or a path a process names overlaps a path procform generates; include something else');
    }
  }
  return sorted;
};

/** Computes the image: items and Dockerfile. */
export const imageContext = (input: ImageInput): ImageContext => {
  const generation = generationOf(input.build);
  const { settings } = generation;
  const manager = managerPart(input, settings);
  const description: ImageDescription = {
    formatVersion: 1,
    manager: input.manager,
    mutable: input.mutable,
    generation: input.mutable ? null : input.build.generation.path,
    processes: startOrder(input.build).map((p) => p.instance),
    stopTimeout: stopTimeoutSum(input.build),
  };
  // A mutable image deploys its accounts and directories at the first start, like a machine.
  const credentials = input.mutable ? { users: {}, groups: {} } : generation.credentials;
  const stateDirs = input.mutable ? [] : input.build.model.processes.flatMap((p) => p.stateDirs);
  const directories = [...manager.directories, ...(input.mutable ? [] : workingDirectories(input.build.model.processes))];
  const items = checkItems([
    ...(input.mutable ? [] : storeItems(input)),
    ...hostItems(input),
    ...input.includes.map((path): ImageItem => ({ kind: 'copy', path, from: path })),
    ...procformItems(input, settings),
    ...manager.items,
    { kind: 'file', path: SETUP_SCRIPT, content: setupScript(credentials, stateDirs, directories), executable: true },
    { kind: 'file', path: START_SCRIPT, content: manager.start, executable: true },
    { kind: 'file', path: imageFile('image.json'), content: canonicalJson(description), executable: false },
  ]);
  // What lies in the model's directory is copied in one piece: the base image has no such directory.
  const modelDir = dirname(input.modelFile);
  const roots = rootsOf(items, [
    ...(input.mutable ? [] : [settings.storeDir, ...(modelDir === '/' ? [] : [modelDir]), ...input.copies]),
    IMAGE_DIR.slice(0, IMAGE_DIR.lastIndexOf('/')), PROCFORM_HOME, PROCFORM_COMMAND, ...input.includes, ...manager.roots,
  ].map((root) => checkImagePath(root, 'path')));
  const dockerfile = renderDockerfile(input.base, input.manager, input.mutable, manager.packages, roots);
  return { dockerfile, items, roots, description };
};
