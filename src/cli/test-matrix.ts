/**
 * The matrix of `procform test`: which backends and profiles run here, and each cell that
 * does, one after another (the model's ports are the same in every cell), each in a process
 * of its own — inside the backend's own sandbox where it has one — under a deadline.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../deploy/backend.js';
import type { CellResult, Profile } from '../testing/results.js';

/** Why a backend cannot run in a profile here, or null when it can. */
export const notRunnable = (backend: Backend, profile: Profile): string | null => {
  if (backend.activator === undefined) return 'it only generates files: nothing deploys them';
  const reason = backend.cannotRunHere?.() ?? null;
  if (reason !== null) return reason;
  if (profile === 'privileged' && process.getuid?.() !== 0) return 'the privileged profile needs root (processes run as their own users)';
  return null;
};

/** How the matrix starts a cell's process. */
export interface CellLaunch {
  readonly backend: Backend;
  readonly profile: Profile;
  /** The arguments after `procform test`, without `--cell` and `--cell-report`. */
  readonly args: readonly string[];
  /** Minutes the cell may take before it is killed. */
  readonly minutes: number;
}

const lastLines = (text: string, n: number): string[] => text.trimEnd().split('\n').slice(-n);

/** Runs one cell in a process of its own and returns its result, also when the process died. */
export const launchCell = (launch: CellLaunch): Promise<CellResult> => {
  const { backend, profile } = launch;
  const dir = mkdtempSync(join(tmpdir(), 'procform-cell-'));
  const report = join(dir, 'cell.json');
  // The same node, with the same loader flags, runs this same CLI script.
  const argv = [process.execPath, ...process.execArgv, process.argv[1]!, 'test', '--cell', `${backend.name}:${profile}`, '--cell-report', report, ...launch.args];
  const [program, ...args] = backend.testSandbox ? backend.testSandbox(argv, join(dir, 'sandbox')) : argv;
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(program!, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer, echo: boolean): void => {
      output += chunk.toString('utf8');
      if (output.length > 1 << 20) output = output.slice(-(1 << 19));
      if (echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, false));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, true));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, launch.minutes * 60_000);
    let settled = false;
    const finish = (code: number | null, signal: string | null, error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      let result: CellResult | null = null;
      try {
        if (existsSync(report)) result = JSON.parse(readFileSync(report, 'utf8')) as CellResult;
      } catch {
        result = null;
      }
      rmSync(dir, { recursive: true, force: true });
      const ended = code === 0 && result !== null && !killed;
      if (ended) {
        resolve(result!);
        return;
      }
      const why = error !== undefined ? `could not start ${program}: ${error.message}`
        : killed ? `the cell did not finish in ${launch.minutes} min and was killed`
        : `the cell's process ended ${code === null ? `by ${signal}` : `with status ${code}`}`;
      const steps = result?.steps ?? [];
      resolve({
        backend: backend.name, profile, notRunnable: null, ms: Date.now() - started,
        steps: [...steps, { step: 'cell', status: 'failed', ms: Date.now() - started, failure: { message: why, at: null, instances: [{ instance: 'its output', status: null, lines: lastLines(output, 20) }] } }],
      });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
};
