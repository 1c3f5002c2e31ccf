/**
 * Finding the source location to blame for an instance's problems.
 * @module
 */
import type { SourceLocation } from './call-site.js';
import type { ManagedProcess } from './managed-process.js';
import { processMeta } from './managed-process.js';

/** Where to point for one instance: the `createManagedProcess` call and the model-file call that led to it. */
export interface Blame {
  readonly location?: SourceLocation;
  readonly via?: SourceLocation;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `key` is declared in the model source (`key:`, `"key":` or `'key':`, at the start
 * of a line or after `{` or `,`), for instances whose value has no recorded call site. A key
 * with characters a literal must escape is looked for in its escaped spelling too.
 */
export const locateKey = (sourceFile: string, sourceText: string | undefined, key: string): SourceLocation | undefined => {
  if (sourceText === undefined) return undefined;
  const spellings = [...new Set([key, JSON.stringify(key).slice(1, -1)])].map(escapeRegExp).join('|');
  const pattern = new RegExp(`(^|[{,])(\\s*)(["'\`]?)(?:${spellings})\\3\\s*:`);
  const lines = sourceText.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = pattern.exec(lines[i]!);
    if (match) return { file: sourceFile, line: i + 1, column: match.index + match[1]!.length + match[2]!.length + 1 };
  }
  return undefined;
};

/** Where the model file calls `defineProcesses`, for problems of the model as a whole (line 1 when it cannot be found). */
export const locateModel = (sourceFile: string, sourceText: string | undefined): SourceLocation => {
  const lines = (sourceText ?? '').split('\n');
  const line = lines.findIndex((text) => /\bdefineProcesses\s*(<|\()/.test(text));
  return line === -1 ? { file: sourceFile, line: 1, column: 1 } : { file: sourceFile, line: line + 1, column: lines[line]!.search(/\bdefineProcesses/) + 1 };
};

/** Blame for an instance whose pkg was made by `createManagedProcess`. */
export const blameProcess = (pkg: ManagedProcess, sourceFile: string, fallback?: SourceLocation): Blame => {
  const frames = processMeta(pkg).frames;
  const location = frames[0] ?? fallback;
  // The outermost frame in the model file is where the instance was written down.
  const inModel = frames.filter((f) => f.file === sourceFile).at(-1) ?? fallback;
  const same = inModel !== undefined && location !== undefined && inModel.file === location.file && inModel.line === location.line;
  return { location, via: same ? undefined : inModel };
};

/** Blame pointing at the instance itself (its line in the model file), for instance metadata. */
export const instanceBlame = (blame: Blame): Blame => (blame.via ? { location: blame.via } : blame);
