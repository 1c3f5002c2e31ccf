/**
 * A production-like stack from procform's service constructors: PostgreSQL → a one-shot
 * migration → an HTTP API (Node; reads and writes PostgreSQL) and a background worker (takes
 * the jobs the API queues in Redis) → nginx in front.
 *
 *   npx procform up -f examples/stack/processes.ts
 *   curl -X POST 'http://127.0.0.1:8080/items?text=hello'; curl http://127.0.0.1:8080/items
 *
 * As root every service runs as its own account, which the deployment creates (and an
 * undeploy removes); as another user everything runs as that user.
 *
 * Extra parameters (`--extra-params '{…}'`):
 * - `ports`: `{ db, cache, api, web }` @default 5432, 6379, 3000, 8080
 * - `release`: the API's and worker's release; changing it restarts only them @default 1
 * - `accounts`: prefix of the accounts' names @default "stack"
 * - `postgresqlVersion`: PostgreSQL's major version @default 15
 * @module
 */
import { defineProcesses } from 'procform';
import { application, nginx, postgresql, postgresqlScript, redis } from 'procform/services';

interface StackParams {
  readonly ports?: { readonly db: number; readonly cache: number; readonly api: number; readonly web: number };
  readonly release?: number;
  readonly accounts?: string;
  readonly postgresqlVersion?: number;
}

export default defineProcesses<StackParams>((params) => {
  const ports = params.ports ?? { db: 5432, cache: 6379, api: 3000, web: 8080 };
  const account = (role: string): string => `${params.accounts ?? 'stack'}${role}`;
  const release = params.release ?? 1;
  const version = params.postgresqlVersion ?? 15;

  const db = postgresql(params, {
    name: 'db',
    version,
    port: ports.db,
    user: account('db'),
    roles: [{ name: 'app' }],
    databases: [{ name: 'app', owner: 'app' }],
    settings: { max_connections: 50, shared_buffers: '64MB' },
  });

  // Runs the schema on every deployment (its statements are idempotent); the API and the
  // worker start only once it has succeeded.
  const migrate = postgresqlScript(params, {
    name: 'migrate',
    server: db,
    database: 'app',
    role: 'app',
    file: new URL('./schema.sql', import.meta.url),
    user: account('app'),
  });

  const cache = redis(params, { name: 'cache', port: ports.cache, user: account('cache') });

  // What the API and the worker need to reach PostgreSQL and Redis.
  const clients = {
    PSQL: `/usr/lib/postgresql/${version}/bin/psql`,
    PGHOST: params.serviceHost('db'), PGPORT: ports.db, PGUSER: 'app', PGDATABASE: 'app',
    REDIS_HOST: params.serviceHost('cache'), REDIS_PORT: ports.cache,
    RELEASE: release,
  };
  const code = [new URL('./app/postgres.mjs', import.meta.url), new URL('./app/redis.mjs', import.meta.url)];

  const api = application(params, {
    name: 'api',
    script: new URL('./app/api.mjs', import.meta.url),
    inputs: code,
    port: ports.api,
    healthPath: '/health',
    // Reachable by nginx: on one machine over loopback only, in containers from the others.
    environment: { ...clients, HOST: params.serviceHost('api') === 'localhost' ? '127.0.0.1' : '0.0.0.0' },
    user: account('app'),
    dependencies: [migrate, cache],
  });

  const worker = application(params, {
    name: 'worker',
    script: new URL('./app/worker.mjs', import.meta.url),
    inputs: code,
    readiness: { kind: 'log', pattern: 'waiting for jobs' },
    environment: clients,
    user: account('app'),
    dependencies: [migrate, cache],
  });

  const web = nginx(params, {
    name: 'web',
    port: ports.web,
    listen: '127.0.0.1',
    user: account('web'),
    sites: [{ kind: 'proxy', upstream: { process: api, port: ports.api } }],
  });

  return {
    db: { pkg: db },
    migrate: { pkg: migrate },
    cache: { pkg: cache },
    api: { pkg: api },
    worker: { pkg: worker },
    web: { pkg: web },
  };
});
