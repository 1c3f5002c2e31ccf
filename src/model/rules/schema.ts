/**
 * Schema problems: wrong types, misspelt fields (override keys included) and invalid
 * values, with a suggestion for a misspelt field name.
 * @module
 */
import type { z } from 'zod';
import { managedProcessSchema } from '../schema.js';
import { BACKEND_NAMES } from '../overrides.js';
import type { Problem } from '../problem.js';
import type { Blame } from '../blame.js';
import { suggest } from './suggest.js';
import { overrideKeyProblems, type RecordSchemas } from './override-keys.js';

const topLevelKeys = Object.keys(managedProcessSchema.shape);

const knownKeysAt = (path: readonly PropertyKey[]): readonly string[] =>
  path.length === 0 ? topLevelKeys : path.length === 1 && path[0] === 'overrides' ? BACKEND_NAMES : [];

const fieldOf = (path: readonly PropertyKey[]): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');

/** Checks one process input against the schema; returns its problems. */
export const schemaProblems = (instance: string, input: unknown, blame: Blame, recordSchemas: RecordSchemas = {}): Problem[] => {
  const result = managedProcessSchema.safeParse(input);
  if (result.success) return overrideKeyProblems(instance, result.data.overrides, blame, recordSchemas);
  const problems: Problem[] = [];
  for (const issue of result.error.issues as z.core.$ZodIssue[]) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = fieldOf([...issue.path, key]);
        const close = suggest(key, knownKeysAt(issue.path));
        problems.push({ code: 'unknown-field', instance, field, message: `unknown field "${field}"`, ...(close ? { hint: `did you mean "${fieldOf([...issue.path, close])}"?` } : {}), ...blame });
      }
      continue;
    }
    const field = fieldOf(issue.path);
    problems.push({ code: 'invalid-value', instance, field, message: `${field || 'the process'}: ${issue.message}`, ...blame });
  }
  return problems;
};
