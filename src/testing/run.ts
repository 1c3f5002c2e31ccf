/**
 * Running a command for a test: argv or a shell line, optionally as another account (root
 * only), with a deadline; never throwing for a non-zero exit, so a test can check it.
 * @module
 */
import { spawn } from 'node:child_process';
import type { CommandResult, RunOptions } from './context-types.js';
import { TestFailure } from './errors.js';
import { lookupUser } from '../system/host.js';

/** uid and gid of an account, for spawn; a `TestFailure` when the name service does not know it. */
const account = (name: string): { uid: number; gid: number } => {
  const entry = lookupUser(name);
  if (entry === undefined) throw new TestFailure(`there is no user ${name} to run the command as`);
  const fields = entry.split(':');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
};

/** Runs `command` with `options.user` already resolved to an account name (or none). */
export const runCommand = (command: string | readonly string[], options: RunOptions & { readonly user?: string }): Promise<CommandResult> => {
  const [program, ...args] = typeof command === 'string' ? ['/bin/sh', '-c', command] : command;
  if (program === undefined) return Promise.reject(new TestFailure('run() needs a command'));
  const as = options.user === undefined ? {} : account(options.user);
  const timeout = (options.timeout ?? 60) * 1000;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      ...as, cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new TestFailure(`cannot run ${program}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new TestFailure(`${[program, ...args].join(' ')} did not finish in ${timeout / 1000} s`));
        return;
      }
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
};

/** The text of a command and its outcome, for a failure message. */
export const describeRun = (command: string | readonly string[], result: CommandResult): string => {
  const shown = typeof command === 'string' ? command : command.join(' ');
  const ended = result.code === null ? `was killed by ${result.signal}` : `exited ${result.code}`;
  const output = [result.stdout.trim(), result.stderr.trim()].filter((text) => text !== '').join('\n');
  return `${shown} ${ended}${output === '' ? '' : `:\n${output}`}`;
};
