// Shared by the stack's container tests (docker.test.ts, image.test.ts, kubernetes.test.ts):
// the stack model under test and its extra parameters, the API behind nginx, and the checks
// every target makes. The model is a parameter, so the same tests run the hand-written
// fixture (test/fixtures/stack) or the example built from procform's service constructors.
import assert from 'node:assert/strict';
import { request } from '../helpers/http.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../helpers/wait.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The ports of one deployment of the stack. */
export interface StackPorts {
  readonly db: number;
  readonly cache: number;
  readonly api: number;
  readonly web: number;
}

/** What varies between the deployments of one test. */
export interface StackSettings {
  readonly ports: StackPorts;
  /** Prefix of the accounts' names, unique per test so tests can run side by side. */
  readonly accounts: string;
  /** The application's release: changing it restarts the application only. @default 1 */
  readonly release?: number;
  /** PostgreSQL's major version: changing it changes the database's stateVersion. @default 15 */
  readonly postgresqlVersion?: number;
}

/** A stack model, and how a test talks to it. */
export interface StackModel {
  readonly file: string;
  /** The `--extra-params` of a deployment. */
  readonly params: (settings: StackSettings) => Record<string, unknown>;
  /** The accounts the model creates. */
  readonly accountNames: (prefix: string) => string[];
  /** The instances a change of release restarts. */
  readonly application: readonly string[];
  /** The instances that must keep running across such a change: the database and the cache. */
  readonly data: readonly string[];
  /** Writes a row through the API behind nginx on `web`; resolves once the API reads it back. */
  readonly write: (web: number, text: string) => Promise<void>;
  /** The rows the API reads from PostgreSQL, through nginx on `web`. */
  readonly rows: (web: number) => Promise<string[]>;
}


const json = async <T>(port: number, path: string): Promise<T> => {
  const reply = await request(port, path);
  assert.equal(reply.status, 200, `GET ${path}: ${reply.body}`);
  return JSON.parse(reply.body) as T;
};

/**
 * The hand-written stack (test/fixtures/stack): a row is a job the API queues in Redis and
 * the worker records in PostgreSQL; `version` changes the worker only.
 */
export const FIXTURE: StackModel = {
  file: join(root, 'test/fixtures/stack/processes.ts'),
  params: ({ ports, accounts, release, postgresqlVersion }) => ({
    ports: { db: ports.db, redis: ports.cache, api: ports.api, web: ports.web },
    accounts,
    ...(release !== undefined ? { version: release } : {}),
    ...(postgresqlVersion !== undefined ? { postgresqlVersion } : {}),
  }),
  accountNames: (prefix) => ['db', 'redis', 'app', 'web'].map((role) => `${prefix}${role}`),
  application: ['worker'],
  data: ['db', 'redis'],
  write: async (web, text) => {
    const queued = await request(web, `/jobs?payload=${encodeURIComponent(text)}`, 'POST');
    assert.equal(queued.status, 202, queued.body);
    await waitFor(`the worker to record ${text}`, async () => (await FIXTURE.rows(web)).includes(text), 20_000);
  },
  rows: async (web) => (await json<[string, string][]>(web, '/jobs')).map(([payload]) => payload),
};

/**
 * The example built from procform's service constructors (examples/stack): a row is an item
 * the API stores in PostgreSQL; `release` changes the API and the worker.
 */
export const EXAMPLE: StackModel = {
  file: join(root, 'examples/stack/processes.ts'),
  params: ({ ports, accounts, release, postgresqlVersion }) => ({
    ports,
    accounts,
    ...(release !== undefined ? { release } : {}),
    ...(postgresqlVersion !== undefined ? { postgresqlVersion } : {}),
  }),
  accountNames: (prefix) => ['db', 'cache', 'app', 'web'].map((role) => `${prefix}${role}`),
  application: ['api', 'worker'],
  data: ['db', 'cache'],
  write: async (web, text) => {
    const stored = await request(web, `/items?text=${encodeURIComponent(text)}`, 'POST');
    assert.equal(stored.status, 201, stored.body);
    assert.ok((await EXAMPLE.rows(web)).includes(text), `${text} reads back`);
  },
  rows: async (web) => (await json<{ text: string }[]>(web, '/items')).map((item) => item.text),
};

/** Waits until the API answers through nginx on `web` (after a start or a restart). */
export const waitForApi = (web: number, model: StackModel, ms = 60_000): Promise<string[]> =>
  waitFor('the API to answer through nginx', async () => model.rows(web).catch(() => undefined), ms);

/** Reports how long each phase of a test took, as a test diagnostic (the suite's time matters). */
export const phases = (t: { diagnostic: (message: string) => void }): ((name: string) => void) => {
  let last = Date.now();
  return (name) => {
    const now = Date.now();
    t.diagnostic(`${name}: ${now - last} ms`);
    last = now;
  };
};
