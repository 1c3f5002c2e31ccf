/**
 * Reading what the supervisor runs from a generation in the store: the plan units and the
 * `service.json` record of every process.
 * @module
 */
import { ControlError } from '../errors.js';
import { EMBEDDED } from '../backends/embedded/name.js';
import { embeddedRecordFile, type EmbeddedService } from '../backends/embedded/record.js';
import { readRecordFile } from '../deploy/record-file.js';
import { readGeneration } from '../generation/read.js';
import { planUnits } from '../deploy/plan-units.js';
import type { PlanUnit } from '../deploy/plan-types.js';

/** A generation loaded for the supervisor. */
export interface LoadedGeneration {
  readonly path: string;
  readonly units: readonly PlanUnit[];
  readonly services: ReadonlyMap<string, { readonly service: EmbeddedService; readonly entry: string }>;
}

/** Loads a generation built for the embedded backend. */
export const loadGeneration = (path: string): LoadedGeneration => {
  const document = readGeneration(path);
  if (document.backend !== EMBEDDED) {
    throw new ControlError(`generation ${path} was built for ${document.backend}, not for the embedded supervisor`, `build it with -P ${EMBEDDED}`);
  }
  const units = planUnits(document);
  const services = new Map(units.map((unit) => {
    const service = readRecordFile(unit.entry, embeddedRecordFile);
    return [unit.instance, { service, entry: unit.entry }] as const;
  }));
  return { path, units, services };
};

/** The named instances and everything they depend on, transitively. */
export const withDependencies = (units: readonly PlanUnit[], names: readonly string[]): Set<string> => {
  const byName = new Map(units.map((u) => [u.instance, u]));
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) throw new ControlError(`unknown process ${unknown.map((n) => `"${n}"`).join(', ')}`, `known: ${[...byName.keys()].join(', ')}`);
  const wanted = new Set<string>();
  const visit = (name: string): void => {
    if (wanted.has(name)) return;
    wanted.add(name);
    byName.get(name)?.dependencies.forEach(visit);
  };
  names.forEach(visit);
  return wanted;
};
