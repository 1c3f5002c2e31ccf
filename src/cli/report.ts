/**
 * Turning errors into what a person reads: every model problem with its location and a
 * short code frame, then what to do next.
 * @module
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Problem } from '../model/problem.js';
import type { SourceLocation } from '../model/call-site.js';
import type { Paint } from './style.js';

const sources = new Map<string, string[] | undefined>();

const linesOf = (file: string): string[] | undefined => {
  if (!sources.has(file)) {
    try {
      sources.set(file, readFileSync(file, 'utf8').split('\n'));
    } catch {
      sources.set(file, undefined);
    }
  }
  return sources.get(file);
};

/** `path:line:column`, relative to the working directory when shorter. */
export const formatLocation = (at: SourceLocation): string => {
  const rel = relative(process.cwd(), at.file);
  const column = columnOf(at);
  return `${rel.length < at.file.length && !rel.startsWith('../..') ? rel : at.file}:${at.line}${column === undefined ? '' : `:${column}`}`;
};

// Columns come through a source map of transpiled code and can point past the end of the
// line; the line is reliable, so an impossible column is dropped rather than shown.
const columnOf = (at: SourceLocation): number | undefined => {
  const text = linesOf(at.file)?.[at.line - 1];
  return text !== undefined && at.column >= 1 && at.column <= text.length ? at.column : undefined;
};

/** Three lines of source around a location, the culprit marked. */
export const codeFrame = (at: SourceLocation, paint: Paint): string[] => {
  const lines = linesOf(at.file);
  if (!lines) return [];
  const out: string[] = [];
  const width = String(at.line + 1).length;
  for (let n = Math.max(1, at.line - 1); n <= Math.min(lines.length, at.line + 1); n++) {
    const marker = n === at.line ? paint('red', '>') : ' ';
    out.push(`  ${marker} ${paint('gray', `${String(n).padStart(width)} |`)} ${lines[n - 1]}`);
    if (n === at.line) {
      const column = columnOf(at) ?? (lines[n - 1]!.search(/\S/) + 1 || 1);
      out.push(`    ${' '.repeat(width)} ${paint('gray', '|')} ${' '.repeat(column - 1)}${paint('red', '^')}`);
    }
  }
  return out;
};

/** Formats one problem as a block of lines. */
export const formatProblem = (problem: Problem, paint: Paint): string[] => {
  const subject = [problem.instance && `instance "${problem.instance}"`, problem.field && `field ${problem.field}`].filter(Boolean).join(', ');
  const out = [`${paint('red', 'error')}${paint('gray', `[${problem.code}]`)} ${subject ? `${paint('bold', subject)}: ` : ''}${problem.message}`];
  if (problem.location) {
    out.push(`  ${paint('blue', '-->')} ${formatLocation(problem.location)}`);
    out.push(...codeFrame(problem.location, paint));
  }
  if (problem.via) out.push(`  ${paint('blue', 'via')} ${formatLocation(problem.via)}`);
  if (problem.hint) out.push(`  ${paint('cyan', 'hint:')} ${problem.hint}`);
  return out;
};

/** Formats all problems, blank line between them, and a summary line. */
export const formatProblems = (problems: readonly Problem[], paint: Paint): string => {
  const blocks = problems.map((p) => formatProblem(p, paint).join('\n'));
  const summary = `${problems.length} problem${problems.length === 1 ? '' : 's'} in the processes model; nothing was written.`;
  return `${blocks.join('\n\n')}\n\n${paint('bold', summary)}\n`;
};
