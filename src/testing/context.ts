/**
 * The helpers a test receives (`t`), over one deployment under test.
 * @module
 */
import * as assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import type { HttpAnswer, InstanceTestContext, ProcessFacts, RunOptions, TestContext, WaitOptions } from './context-types.js';
import { TestFailure } from './errors.js';
import { httpCall } from './http.js';
import { processFacts } from './proc-facts.js';
import { describeRun, runCommand } from './run.js';

/** What the helpers need of the deployment under test. */
export interface DeploymentView {
  readonly backend: string;
  readonly profile: 'privileged' | 'unprivileged';
  readonly stateDir: string;
  readonly extraParams: Readonly<Record<string, unknown>>;
  /** Instances in start order, with their port and their account in this profile. */
  readonly instances: readonly { readonly name: string; readonly port: number | null; readonly user: string | null }[];
  /** The main pid of an instance as its manager reports it, or null. */
  readonly pidOf: (instance: string) => Promise<number | null>;
  /** The last lines of an instance's output. */
  readonly logs: (instance: string, lines: number) => Promise<string[]>;
}

const POLL_MS = 200;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const portOpen = (port: number, host: string): Promise<boolean> => new Promise((resolve) => {
  const socket = createConnection({ port, host });
  socket.setTimeout(2000);
  socket.once('connect', () => { socket.destroy(); resolve(true); });
  socket.once('timeout', () => { socket.destroy(); resolve(false); });
  socket.once('error', () => resolve(false));
});

/** The context every check of one deployment receives; `timeout` is the check's own, in seconds. */
export const deploymentContext = (view: DeploymentView, timeout: number, notes: string[]): TestContext => {
  const known = (instance: string): void => {
    if (!view.instances.some((i) => i.name === instance)) throw new TestFailure(`there is no instance ${instance} in the model (it has ${view.instances.map((i) => i.name).join(', ')})`);
  };
  const waitFor = async <T>(what: string, check: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> => {
    const seconds = options.timeout ?? timeout;
    const end = Date.now() + seconds * 1000;
    let last = '';
    for (;;) {
      try {
        const value = await check();
        if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
        last = '';
      } catch (error) {
        last = (error as Error).message;
      }
      if (Date.now() >= end) throw new TestFailure(`waited ${seconds} s for ${what}${last === '' ? '' : `; last: ${last}`}`);
      await sleep(POLL_MS);
    }
  };
  const pidOf = async (instance: string): Promise<number> => {
    known(instance);
    const pid = await view.pidOf(instance);
    if (pid === null) throw new TestFailure(`${view.backend} reports no running process for ${instance}`);
    return pid;
  };
  const context: TestContext = {
    backend: view.backend,
    profile: view.profile,
    instances: view.instances.map((i) => i.name),
    stateDir: view.stateDir,
    extraParams: view.extraParams,
    assert,
    run: (command, options = {}) => runCommand(command, { ...options, user: options.user === true ? undefined : options.user }),
    succeed: async (command, options = {}) => {
      const result = await runCommand(command, { ...options, user: options.user === true ? undefined : options.user });
      if (result.code !== 0) throw new TestFailure(describeRun(command, result));
      return result.stdout;
    },
    http: (url, options) => httpCall(url, options),
    waitForPort: async (port, options = {}) => {
      await waitFor(`port ${port} to accept connections`, () => portOpen(port, options.host ?? 'localhost'), options);
    },
    waitForHttp: (url, options = {}) => waitFor<HttpAnswer>(`${url} to answer${options.status === undefined ? '' : ` ${options.status}`}`, async () => {
      const answer = await httpCall(url, { ...options, timeout: Math.min(options.timeout ?? 10, 10) });
      const statusOk = options.status === undefined ? answer.status >= 200 && answer.status < 300 : answer.status === options.status;
      if (!statusOk) throw new TestFailure(`it answered ${answer.status}: ${answer.body.slice(0, 200)}`);
      const wanted = options.matches;
      const bodyOk = wanted === undefined || (typeof wanted === 'string' ? answer.body.includes(wanted) : wanted.test(answer.body));
      if (!bodyOk) throw new TestFailure(`its body does not match ${String(wanted)}: ${answer.body.slice(0, 200)}`);
      return answer;
    }, options),
    waitFor,
    waitForLog: (instance, pattern, options = {}) => {
      known(instance);
      const matches = (line: string): boolean => (typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line));
      return waitFor(`a line of ${instance}'s output to match ${String(pattern)}`, async () => (await view.logs(instance, 500)).find(matches), options);
    },
    logs: (instance, lines = 50) => {
      known(instance);
      return view.logs(instance, lines);
    },
    process: async (instance): Promise<ProcessFacts> => processFacts(await pidOf(instance)),
    note: (text) => { notes.push(text); },
  };
  return context;
};

/** The context of a check of one instance. */
export const instanceContext = (base: TestContext, view: DeploymentView, instance: string): InstanceTestContext => {
  const info = view.instances.find((i) => i.name === instance)!;
  const asUser = (options: RunOptions = {}): RunOptions & { user?: string } => ({
    ...options, user: options.user === true ? info.user ?? undefined : options.user,
  });
  return {
    ...base,
    instance,
    port: info.port,
    user: info.user,
    run: (command, options) => runCommand(command, asUser(options)),
    succeed: async (command, options) => {
      const result = await runCommand(command, asUser(options));
      if (result.code !== 0) throw new TestFailure(describeRun(command, result));
      return result.stdout;
    },
    facts: () => base.process(instance),
  };
};
