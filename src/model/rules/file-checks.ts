/**
 * Running the checks `params.writeFile` asks for (`nginx -t` on a generated nginx.conf).
 * They run once the model is otherwise valid and only with host checks on, since they
 * judge the file with this machine's program.
 * @module
 */
import type { SourceLocation } from '../call-site.js';
import type { Host } from '../host.js';
import type { FileCheck } from '../params.js';
import type { Problem } from '../problem.js';

/** A check asked for by one `params.writeFile` call. */
export interface FileCheckRequest {
  /** The file's name in its store entry. */
  readonly name: string;
  readonly text: string;
  readonly check: FileCheck;
  /** The user's `writeFile` call (or the constructor call that made it). */
  readonly location?: SourceLocation;
}

// The program's own words are the point; a few lines are enough to find the mistake.
const MAX_LINES = 12;

/** Problems for the checks that failed; none without a host that can run them. */
export const fileCheckProblems = (requests: readonly FileCheckRequest[], host: Host | undefined): Problem[] => {
  if (!host?.checkFile) return [];
  const problems: Problem[] = [];
  for (const request of requests) {
    const text = request.check.text ?? request.text;
    const result = host.checkFile(request.name, text, request.check.command);
    if (result.status !== 'failed') continue;
    const lines = result.output.trim().split('\n').filter((l) => l.trim() !== '');
    problems.push({
      code: 'file-check-failed',
      field: `writeFile(${request.name})`,
      message: `${request.check.command[0]} rejects ${request.name}: ${lines.slice(-MAX_LINES).join('\n  ') || '(no output)'}`,
      hint: 'fix the settings that produce this file; the check ran on a private copy and nothing was written',
      ...(request.location ? { location: request.location } : {}),
    });
  }
  return problems;
};
