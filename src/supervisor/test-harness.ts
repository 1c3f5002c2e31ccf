// Shared harness of the supervisor tests (named *.test.ts so that the build leaves it out;
// it holds no tests itself): service records for the fixtures in test/fixtures/bin,
// which are put on PATH, temporary directories, and polling with a deadline.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'node:test';
import type { EmbeddedService } from '../backends/embedded/record.js';
import type { Plan } from '../deploy/plan-types.js';
import { Supervisor, type SupervisorOptions, type ServiceSet } from './supervisor.js';

/** The fixtures directory. */
export const FIXTURES = fileURLToPath(new URL('../../test/fixtures/bin/', import.meta.url));

/** PATH with the fixtures first, so services name them bare. */
export const FIXTURE_PATH = `${FIXTURES}:${process.env.PATH ?? '/usr/bin:/bin'}`;

/** A temporary directory removed after the test. */
export const tempDir = (t: TestContext): string => {
  const dir = mkdtempSync(join(tmpdir(), 'procform-sv-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** A service record with test defaults: quick backoff, short stop timeout, logs under `dir`. */
export const service = (dir: string, instance: string, command: readonly string[], overrides: Partial<EmbeddedService> = {}): EmbeddedService => ({
  formatVersion: 1,
  instance,
  name: instance,
  description: instance,
  type: 'longrun',
  mode: 'foreground',
  command,
  pidFile: null,
  environment: { PATH: FIXTURE_PATH },
  directory: null,
  umask: null,
  nice: null,
  user: null,
  group: null,
  initialize: '',
  readiness: null,
  restart: { policy: 'always', maxRestarts: 10, backoff: { initial: 0.05, factor: 2, max: 0.2, resetAfter: 30 } },
  stopSignal: 'TERM',
  stopTimeout: 2,
  stateDirs: [],
  stateVersion: null,
  dependencies: [],
  logFile: join(dir, 'log', `${instance}.log`),
  ...overrides,
});

/** The service set of a list of records, each with a fake store entry named after its content. */
export const serviceSet = (services: readonly EmbeddedService[]): ServiceSet =>
  new Map(services.map((s) => [s.instance, { service: s, entry: `/store/${createHash('sha256').update(JSON.stringify(s)).digest('hex').slice(0, 32)}-${s.name}` }]));

/** A plan written by hand. */
export const plan = (start: readonly string[], stop: readonly string[] = [], keep: readonly string[] = []): Plan => ({
  start, stop, keep, reasons: {},
});

/** A supervisor shut down after the test, whatever happens. */
export const supervisor = (t: TestContext, options: SupervisorOptions = {}): Supervisor => {
  const created = new Supervisor(options);
  t.after(() => created.shutdown());
  return created;
};

/** Polls `probe` until it returns a value other than undefined/false, or fails after `ms`. */
export const waitFor = async <T>(probe: () => T | undefined | false, what: string, ms = 5000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** A TCP port nobody listens on right now. */
export const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const server = createServer();
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
  });
});

/** Timing defaults of a normalized readiness. */
export const timing = { timeout: 5, interval: 0.05 } as const;
