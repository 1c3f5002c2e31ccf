/**
 * ProcessSpec → the backend-neutral record of a process (record.ts).
 * @module
 */
import type { ProcessSpec } from '../../model/process-spec.js';
import type { RecordValue } from '../../model/overrides.js';
import type { RenderContext } from '../../deploy/backend.js';
import type { AgnosticRecord } from './record.js';

/** Translates a normalized process into its agnostic JSON record. */
export const translate = (spec: ProcessSpec, context: RenderContext): AgnosticRecord => {
  const overrides: Record<string, RecordValue> = {};
  const functionOverrides: string[] = [];
  for (const [backend, override] of Object.entries(spec.overrides)) {
    if (typeof override === 'function') functionOverrides.push(backend);
    else if (override !== undefined) overrides[backend] = override as RecordValue;
  }
  const { overrides: _, dependencies, inputs, ...rest } = spec;
  return JSON.parse(JSON.stringify({
    formatVersion: 1,
    ...rest,
    // Left out when empty, so records of processes without inputs keep their hashes.
    ...(inputs.length > 0 ? { inputs } : {}),
    dependencies: dependencies.map((instance) => ({ instance, entry: context.entryOf(instance) })),
    overrides,
    functionOverrides: functionOverrides.sort(),
  })) as AgnosticRecord;
};
