/**
 * Gathering an image's input from this machine: the build for the chosen manager (with
 * the image's directories, no checks against this machine), the include paths and the
 * declared inputs outside the model's directory, the procform package where procform runs
 * in the image, and whether a process runs Node.js.
 * @module
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { computeBuild } from '../build/build.js';
import { backendByName } from '../backends/registry.js';
import { InputError } from '../errors.js';
import type { ProcessesDefinition } from '../model/define-processes.js';
import type { BaseParams } from '../model/evaluate.js';
import type { ProcessSpec } from '../model/process-spec.js';
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
  readonly sourceText: string | undefined;
  readonly definition: ProcessesDefinition;
  /** Parameters for the image's directories (not this machine's). */
  readonly params: BaseParams;
  readonly idsFile: string | null;
  readonly extraParams: string | null;
}

/** The first bytes of a file, or '' when it cannot be read. */
const head = (path: string): string => {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(256);
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
};

/** True when the process runs node itself or a script whose #! line names node. */
export const runsNode = (spec: ProcessSpec): boolean => {
  const executable = spec.foregroundProcess ?? spec.daemon;
  if (executable === null) return false;
  if (/^node(js)?$/.test(basename(executable))) return true;
  return executable.startsWith('/') && /^#![^\n]*\bnode(js)?\b/.test(head(executable));
};

/** Builds the model for the image and collects what the image copies from this machine. */
export const prepareImage = (request: ImageRequest): ImageInput => {
  const backend = backendByName(request.manager);
  const build = computeBuild({
    definition: request.definition,
    params: { ...request.params, processManager: backend.name },
    backend,
    sourceFile: request.modelFile,
    sourceText: request.sourceText,
    realize: realizeForImage,
  });
  const given = request.includes.map((include) => {
    const path = resolve(include);
    if (!existsSync(path)) throw new InputError(`--include ${include}: ${path} does not exist`);
    return checkImagePath(path, '--include');
  });
  const inputs = declaredInputCopies(build, dirname(request.modelFile), given).map((path) => checkImagePath(path, 'the declared input'));
  const includes = [...given, ...inputs];
  return {
    manager: request.manager,
    mutable: request.mutable,
    base: request.base,
    build,
    modelFile: request.modelFile,
    idsFile: request.idsFile,
    includes,
    procform: request.mutable || request.manager === 'embedded' ? procformPackage() : [],
    needsNode: build.model.processes.some(runsNode),
    extraParams: request.extraParams,
  };
};
