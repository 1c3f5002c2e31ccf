/**
 * Schema problems: wrong types, misspelt fields and invalid values, with a suggestion for
 * a misspelt field name.
 * @module
 */
import type { z } from 'zod';
import { managedProcessSchema } from '../schema.js';
import { BACKEND_NAMES } from '../overrides.js';
import type { Problem } from '../problem.js';
import type { Blame } from '../blame.js';

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
};

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export const suggest = (word: string, candidates: readonly string[]): string | undefined => {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
};

const topLevelKeys = Object.keys(managedProcessSchema.shape);

const knownKeysAt = (path: readonly PropertyKey[]): readonly string[] =>
  path.length === 0 ? topLevelKeys : path.length === 1 && path[0] === 'overrides' ? BACKEND_NAMES : [];

const fieldOf = (path: readonly PropertyKey[]): string =>
  path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');

/** Checks one process input against the schema; returns its problems. */
export const schemaProblems = (instance: string, input: unknown, blame: Blame): Problem[] => {
  const result = managedProcessSchema.safeParse(input);
  if (result.success) return [];
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
