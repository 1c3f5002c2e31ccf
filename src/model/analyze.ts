/**
 * The validation boundary: turns the raw result of evaluating a model into normalized
 * processes, with the digests of what they take from this machine, or throws a
 * `ModelError` carrying every problem found.
 * @module
 */
import { dirname } from 'node:path';
import { ModelError } from './errors.js';
import { blameProcess, locateKey, locateModel, type Blame } from './blame.js';
import { isManagedProcess, type ManagedProcess } from './managed-process.js';
import { normalizeProcess, type NormalizeParams } from './normalize.js';
import type { ProcessSpec } from './process-spec.js';
import type { Problem } from './problem.js';
import type { Host } from './host.js';
import { topologicalOrder } from './graph.js';
import { schemaProblems } from './rules/schema.js';
import type { RecordSchemas } from './rules/override-keys.js';
import type { Rule } from './rules/context.js';
import { consistentCredentials, PROCESS_NAME, uniqueNames, uniquePidFiles, uniquePorts } from './rules/uniqueness.js';
import { environmentNames, executables, logPatterns, storeMadeExecutables } from './rules/values.js';
import { noCycles } from './rules/references.js';
import { executablesExist, usersExist } from './rules/host.js';
import { fileCheckProblems, type FileCheckRequest } from './rules/file-checks.js';
import type { DeploymentDirectories } from './inputs/automatic.js';
import { missingInputs, readInputs, type ProcessInputs } from './inputs/collect.js';
import type { InputReader } from './inputs/reader.js';
import { readEnvFiles } from './env-files.js';

/** Every semantic rule, in the order their problems are listed. */
export const RULES: readonly Rule[] = [
  uniqueNames, noCycles, uniquePorts, uniquePidFiles, consistentCredentials,
  environmentNames, executables, storeMadeExecutables, logPatterns, usersExist, executablesExist,
];

/** A validated model. */
export interface AnalyzedModel {
  /** Normalized processes, dependencies before dependents. */
  readonly processes: readonly ProcessSpec[];
  /** Instance metadata as plain JSON, other instances and processes replaced by their names. */
  readonly metadata: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** What each process takes from this machine, by instance; empty without a reader. */
  readonly inputs: ReadonlyMap<string, ProcessInputs>;
}

/** Options of `analyzeModel`. */
export interface AnalyzeOptions {
  readonly params: NormalizeParams;
  /** The model file, to point at when a problem has no recorded call site. */
  readonly sourceFile: string;
  readonly sourceText?: string;
  /** Omit to skip checks against this machine. */
  readonly host?: Host;
  /** Files `params.writeFile` made in this build, by path, with their executable bit. @default none */
  readonly outputs?: ReadonlyMap<string, boolean>;
  /**
   * Reads declared inputs, executables and arguments, leaving the deployment's own
   * directories alone. Without it nothing is read: inputs are neither checked nor tracked.
   */
  readonly inputs?: { readonly reader: InputReader; readonly directories: DeploymentDirectories };
  /**
   * The backends' record schemas, against which object overrides are checked key by key;
   * without them override keys are not checked. @default none
   */
  readonly recordSchemas?: RecordSchemas;
  /** Accept a model without instances (the generation of an undeploy). @default false */
  readonly allowEmpty?: boolean;
  /** Checks `params.writeFile` asked for; run only with a host that can run them. @default none */
  readonly fileChecks?: readonly FileCheckRequest[];
}

const plain = (value: unknown, names: Map<unknown, string>, depth = 0): unknown => {
  if (names.has(value)) return names.get(value);
  if (isManagedProcess(value) || depth > 20) return undefined;
  if (Array.isArray(value)) return value.map((v) => plain(v, names, depth + 1));
  if (value instanceof RegExp) return value.toString();
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, names, depth + 1)]).filter(([, v]) => v !== undefined));
  }
  return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
};

/** Validates and normalizes a model; throws `ModelError` with all problems if any. */
export const analyzeModel = (instances: unknown, options: AnalyzeOptions): AnalyzedModel => {
  const { sourceFile, sourceText, params } = options;
  const problems: Problem[] = [];
  const at = locateModel(sourceFile, sourceText);
  if (typeof (instances as { then?: unknown } | null)?.then === 'function') {
    throw new ModelError([{ code: 'async-model', message: 'the model function returned a Promise; procform needs the instances themselves', hint: 'remove async from the function passed to defineProcesses, and do asynchronous work at the top level of the model file (top-level await)', location: at }]);
  }
  const proto = instances !== null && typeof instances === 'object' ? Object.getPrototypeOf(instances) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    const kind = instances === null ? 'null' : Array.isArray(instances) ? 'an array' : instances instanceof Map ? 'a Map' : typeof instances === 'object' ? `a ${(instances as object).constructor?.name ?? 'non-plain'} object` : typeof instances;
    throw new ModelError([{ code: 'invalid-model', message: `the model function returned ${kind}; it must return a plain object of instances: { name: { pkg: createManagedProcess(...) } }`, hint: instances instanceof Map ? 'use Object.fromEntries(map) to turn the Map into an object' : undefined, location: at }]);
  }
  if (Object.keys(instances as object).length === 0 && !options.allowEmpty) {
    throw new ModelError([{ code: 'empty-model', message: 'the model has no instances, so deploying it would stop every process', hint: 'to stop everything on purpose, use switch --undeploy', location: at }]);
  }
  const entries = Object.entries(instances as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const blames = new Map<string, Blame>();
  const pkgs = new Map<string, ManagedProcess>();
  const names = new Map<unknown, string>();
  for (const [instance, value] of entries) {
    const fallback = locateKey(sourceFile, sourceText, instance);
    const pkg = (value as { pkg?: unknown } | null)?.pkg;
    if (!PROCESS_NAME.test(instance)) {
      problems.push({ code: 'invalid-instance-name', instance, message: `instance name ${JSON.stringify(instance)} is not allowed`, hint: 'use letters, digits and "_.-", starting with a letter or digit', location: fallback });
      continue;
    }
    if (!isManagedProcess(pkg)) {
      problems.push({ code: 'invalid-instance', instance, field: 'pkg', message: 'instance must be an object whose "pkg" is made by createManagedProcess', location: fallback });
      continue;
    }
    const owner = names.get(pkg);
    if (owner !== undefined) {
      problems.push({ code: 'shared-process', instance, field: 'pkg', message: `the same managed process is also instance "${owner}"`, hint: 'call the constructor once per instance', ...blameProcess(pkg, sourceFile, fallback) });
      continue;
    }
    blames.set(instance, blameProcess(pkg, sourceFile, fallback));
    pkgs.set(instance, pkg);
    names.set(pkg, instance);
    names.set(value, instance);
  }
  const blame = (instance: string): Blame => blames.get(instance) ?? {};
  const specs = new Map<string, ProcessSpec>();
  const metadata = new Map<string, Record<string, unknown>>();
  for (const [instance, pkg] of pkgs) {
    const { pkg: _pkg, ...meta } = (instances as Record<string, Record<string, unknown>>)[instance]!;
    metadata.set(instance, plain(meta, names) as Record<string, unknown>);
    const found = schemaProblems(instance, pkg, blame(instance), options.recordSchemas);
    if (found.length > 0) {
      problems.push(...found);
      continue;
    }
    const dependencies: string[] = [];
    (pkg.dependencies ?? []).forEach((dep, i) => {
      const resolved = typeof dep === 'string' ? (pkgs.has(dep) ? dep : undefined) : names.get(dep);
      if (resolved !== undefined) dependencies.push(resolved);
      else {
        const label = typeof dep === 'string' ? `"${dep}"` : `process "${dep.name ?? dep.instanceName ?? '?'}"`;
        problems.push({ code: 'unknown-dependency', instance, field: `dependencies[${i}]`, message: `dependency ${label} is not an instance of this model`, hint: `known instances: ${[...pkgs.keys()].join(', ')}`, ...blame(instance) });
      }
    });
    const envFiles = readEnvFiles(instance, pkg.envFiles ?? [], dirname(sourceFile), options.inputs?.reader.readText, blame(instance));
    problems.push(...envFiles.problems);
    const input = pkg.envFiles === undefined ? pkg : { ...pkg, environment: { ...envFiles.environment, ...pkg.environment } };
    specs.set(instance, normalizeProcess(input, instance, dependencies, params, dirname(sourceFile)));
  }
  const outputs = options.outputs ?? new Map<string, boolean>();
  for (const rule of RULES) {
    problems.push(...rule({ specs, metadata, blame, host: options.host, forceDisableUserChange: params.forceDisableUserChange, outputs }));
  }
  const { inputs } = options;
  if (inputs) problems.push(...missingInputs(specs, inputs.reader, blame));
  problems.push(...fileCheckProblems(options.fileChecks ?? [], options.host));
  if (problems.length > 0) throw new ModelError(problems);
  // Hashing trees is the slow part, so it waits until the model is otherwise valid.
  const read = inputs ? readInputs(specs, inputs.reader, inputs.directories, blame) : undefined;
  if (read && read.problems.length > 0) throw new ModelError(read.problems);
  const graph = new Map([...specs].map(([instance, spec]) => [instance, spec.dependencies]));
  return {
    processes: topologicalOrder(graph).map((instance) => specs.get(instance)!),
    metadata: Object.fromEntries(metadata),
    inputs: read?.inputs ?? new Map(),
  };
};
