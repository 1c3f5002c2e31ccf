/**
 * Gathering an image's input from this machine: the build for the chosen manager (with
 * the image's directories, no checks against this machine), the include paths, the
 * paths the processes name (their declared inputs among them), and the procform package,
 * which runs in every image.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { computeBuild, type BuildResult } from '../build/build.js';
import { backendByName } from '../backends/registry.js';
import { InputError } from '../errors.js';
import type { ProcessesDefinition } from '../model/define-processes.js';
import type { BaseParams } from '../model/evaluate.js';
import { generationOf } from './build-facts.js';
import { pathsToCopy } from './host-paths.js';
import { checkImagePath } from './paths.js';
import { declaredInputCopies } from './declared-inputs.js';
import { procformPackage } from './procform-package.js';
import { realizeForImage } from './realize.js';
import type { ImageInput, ImageManager } from './types.js';

/** What the command line decided. */
export interface ImageRequest {
  readonly manager: ImageManager;
  readonly mutable: boolean;
  readonly base: string;
  readonly includes: readonly string[];
  readonly modelFile: string;
  readonly idsFile: string | null;
  readonly extraParams: string | null;
}

/** What the command line decided, with the model to build in this thread. */
export interface ImageBuildRequest extends ImageRequest {
  readonly sourceText: string | undefined;
  readonly definition: ProcessesDefinition;
  /** Parameters for the image's directories (not this machine's). */
  readonly params: BaseParams;
}

/** A file, directory or link to one here (not a socket, device or pipe, which cannot be copied). */
const copyable = (path: string): boolean => {
  const found = statSync(path, { throwIfNoEntry: false });
  return found !== undefined && (found.isFile() || found.isDirectory());
};

const isUnder = (path: string, dir: string): boolean => path === dir || path.startsWith(`${dir}/`);

/**
 * Builds the model for the image: with the image's directories, no checks against this
 * machine, and `postInstall` run in a temporary directory (the image's store path is one
 * inside the image).
 */
export const buildForImage = (request: ImageBuildRequest): BuildResult => {
  const backend = backendByName(request.manager);
  return computeBuild({
    definition: request.definition,
    params: { ...request.params, processManager: backend.name },
    backend,
    sourceFile: request.modelFile,
    sourceText: request.sourceText,
    realize: realizeForImage,
  });
};

/** Builds the model for the image and collects what the image copies from this machine. */
export const prepareImage = (request: ImageBuildRequest): ImageInput => collectImageInput(request, buildForImage(request));

/** Collects what the image copies from this machine, for the build of the model made for it. */
export const collectImageInput = (request: ImageRequest, build: BuildResult): ImageInput => {
  const given = request.includes.map((include) => {
    const path = resolve(include);
    if (!existsSync(path)) throw new InputError(`--include ${include}: ${path} does not exist`);
    return checkImagePath(path, '--include');
  });
  // Declared inputs outside the model's directory are copied whatever directory they are in:
  // they were named on purpose. Those inside it are named paths like the others below (a
  // mutable image carries the model's directory whole).
  const inputs = declaredInputCopies(build, dirname(request.modelFile), given).map((path) => checkImagePath(path, 'the declared input'));
  const includes = [...given, ...inputs];
  const copies = request.mutable ? [] : pathsToCopy(build.model.processes, dirname(request.modelFile), generationOf(build).settings, copyable)
    .filter((path) => !includes.some((include) => isUnder(path, include)))
    .map((path) => checkImagePath(path, 'a path a process names'));
  return {
    manager: request.manager,
    mutable: request.mutable,
    base: request.base,
    build,
    modelFile: request.modelFile,
    idsFile: request.idsFile,
    includes,
    copies,
    procform: procformPackage(),
    extraParams: request.extraParams,
  };
};
