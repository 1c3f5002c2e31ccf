/**
 * Reading a generation back from the store for a switch. The store is trusted to hold
 * what a build wrote, but it can be damaged, hand-edited or written by another version of
 * procform, so the document is checked before a deployment acts on it.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildSettings } from './settings.js';
import type { GenerationDocument } from './document.js';
import { StoreError } from '../errors.js';

/** The generation format this version of procform reads. */
export const GENERATION_FORMAT_VERSION = 1;

const STRING_SETTINGS = ['stateDir', 'runtimeDir', 'logDir', 'tmpDir', 'cacheDir', 'spoolDir', 'lockDir', 'libDir', 'storeDir'] as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

const isSecret = (value: unknown): boolean =>
  isObject(value) && ((value.secret === 'file' && typeof value.path === 'string') || (value.secret === 'env' && typeof value.name === 'string'));
const isSecrets = (value: unknown): boolean =>
  isObject(value) && typeof value.file === 'string' && value.file.startsWith('/') && (value.user === null || typeof value.user === 'string') && isObject(value.values) && Object.values(value.values).every(isSecret);

/** Checks the parsed document; `fail` throws with the generation named. */
const validate = (raw: unknown, fail: (problem: string) => never): GenerationDocument => {
  if (!isObject(raw)) return fail('the document is not a JSON object');
  if (raw.formatVersion !== GENERATION_FORMAT_VERSION) {
    return fail(`formatVersion ${JSON.stringify(raw.formatVersion)} is not supported (this procform reads ${GENERATION_FORMAT_VERSION})`);
  }
  if (typeof raw.backend !== 'string' || raw.backend === '') return fail('"backend" must be a non-empty string');

  const settings = raw.settings;
  if (!isObject(settings)) return fail('"settings" must be an object');
  for (const key of STRING_SETTINGS) if (typeof settings[key] !== 'string') fail(`"settings.${key}" must be a string`);
  if (typeof settings.forceDisableUserChange !== 'boolean') fail('"settings.forceDisableUserChange" must be a boolean');
  const options = settings.backendOptions;
  if (options !== undefined && (!isObject(options) || !Object.values(options).every((v) => typeof v === 'string'))) {
    fail('"settings.backendOptions" must be an object of strings');
  }

  if (!Array.isArray(raw.processes)) return fail('"processes" must be an array');
  const seen = new Set<string>();
  raw.processes.forEach((p: unknown, index) => {
    const where = `processes[${index}]`;
    if (!isObject(p)) return fail(`${where} must be an object`);
    for (const key of ['instance', 'name', 'entry'] as const) {
      if (typeof p[key] !== 'string' || p[key] === '') fail(`${where}.${key} must be a non-empty string`);
    }
    if (!(p.entry as string).startsWith('/')) fail(`${where}.entry must be an absolute store path`);
    if (!isStringArray(p.dependencies)) fail(`${where}.dependencies must be an array of instance names`);
    if (p.stateVersion !== undefined && typeof p.stateVersion !== 'string') fail(`${where}.stateVersion must be a string`);
    if (p.startTimeout !== undefined && !(typeof p.startTimeout === 'number' && p.startTimeout > 0)) fail(`${where}.startTimeout must be a positive number`);
    if (p.secrets !== undefined && !isSecrets(p.secrets)) fail(`${where}.secrets must name an absolute file and, per variable, a file or an environment variable`);
    const instance = p.instance as string;
    if (seen.has(instance)) fail(`instance "${instance}" is listed twice in "processes"`);
    seen.add(instance);
  });
  for (const p of raw.processes as { instance: string; dependencies: string[] }[]) {
    for (const dependency of p.dependencies) {
      if (!seen.has(dependency)) fail(`instance "${p.instance}" depends on "${dependency}", which is not in "processes"`);
    }
  }

  if (raw.metadata !== undefined && !isObject(raw.metadata)) fail('"metadata" must be an object');
  if (raw.files !== undefined && !isStringArray(raw.files)) fail('"files" must be an array of store paths');
  return {
    ...(raw as unknown as GenerationDocument),
    settings: settings as unknown as BuildSettings,
    metadata: (raw.metadata ?? {}) as GenerationDocument['metadata'],
    files: (raw.files ?? []) as string[],
  };
};

/**
 * Reads and checks `<storePath>/generation.json`. Throws StoreError naming the generation
 * and the first problem when it is missing, unreadable or malformed.
 */
export const readGeneration = (storePath: string): GenerationDocument => {
  const file = join(storePath, 'generation.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'it has no generation.json (is it a generation?)' : (error as Error).message;
    throw new StoreError(`cannot read generation ${storePath}: ${reason}`, { cause: error });
  }
  return parseGeneration(storePath, text);
};

/** Checks the text of a generation's `generation.json` (read, or not yet written); throws like `readGeneration`. */
export const parseGeneration = (storePath: string, text: string): GenerationDocument => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`generation ${storePath} is invalid: generation.json is not JSON (${(error as Error).message})`, { cause: error });
  }
  return validate(raw, (problem: string): never => {
    throw new StoreError(`generation ${storePath} is invalid: ${problem}`);
  });
};
