/**
 * Loading a YAML source: parsed with the `yaml` package, interpolated as the tool does,
 * with the variables it used reported as notes.
 * @module
 */
import { join, dirname } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';
import { parseEnvFile } from './env-file.js';
import { interpolateTree } from './interpolate.js';
import type { ImportContext, Note } from './types.js';

/** A YAML mapping, as the importers read it. */
export type YamlMap = Record<string, unknown>;

/** True for a YAML mapping. */
export const isMap = (value: unknown): value is YamlMap => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Parses `text`; throws `InputError` when it is not YAML or not a mapping. */
export const parseYaml = (text: string, file: string): YamlMap => {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new InputError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
  if (!isMap(data)) throw new InputError(`${file} is not a YAML mapping`);
  return data;
};

/**
 * Interpolates `data` from this environment, then the `.env` beside the file (the
 * environment wins, as in both tools), with a note per variable.
 */
export const interpolated = (data: YamlMap, context: ImportContext, notes: Note[]): YamlMap => {
  const envText = context.readFile(join(dirname(context.file), '.env'));
  const dotenv = new Map(envText === undefined ? [] : parseEnvFile(envText));
  const used = new Set<string>();
  let result: YamlMap;
  try {
    result = interpolateTree(data, (name) => process.env[name] ?? dotenv.get(name), used) as YamlMap;
  } catch (error) {
    throw new InputError(`${context.file}: ${(error as Error).message}`);
  }
  for (const name of [...used].sort()) {
    const from = process.env[name] !== undefined ? 'this shell' : dotenv.has(name) ? '.env' : 'nowhere (unset)';
    notes.push({ field: `\${${name}}`, message: `interpolated at import time from ${from}; the model holds the value, not the variable` });
  }
  return result;
};

/** A list of strings or one string, as many YAML fields accept. */
export const stringList = (value: unknown): string[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/** `environment` as a mapping or a list of `KEY=VALUE`; bare `KEY`s are returned apart. */
export const environmentOf = (value: unknown): { pairs: [string, string][]; bare: string[] } => {
  if (isMap(value)) {
    const entries = Object.entries(value);
    return { pairs: entries.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, String(v)]), bare: entries.filter(([, v]) => v === null || v === undefined).map(([k]) => k) };
  }
  const pairs: [string, string][] = [];
  const bare: string[] = [];
  for (const item of stringList(value)) {
    const at = item.indexOf('=');
    if (at > 0) pairs.push([item.slice(0, at), item.slice(at + 1)]);
    else bare.push(item);
  }
  return { pairs, bare };
};
