// Shared by the image tests: a copy of the webapps example with its own ids (free ports),
// and the image input for a model as `procform image` computes it.
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDefinition } from '../../src/model/load.js';
import { prepareImage } from '../../src/image/prepare.js';
import type { ImageInput, ImageManager } from '../../src/image/types.js';
import type { BaseParams } from '../../src/model/evaluate.js';
import { procform, type Run } from '../helpers/cli.js';
import { podmanEnv } from '../helpers/podman.js';
import { testParams } from '../helpers/params.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The ports a copy of the webapps example uses. */
export interface WebappsPorts {
  readonly webapp: number;
  readonly proxy: number;
}

/**
 * Copies examples/webapps into a fresh temp dir with an ids.json assigning `ports` (and the
 * example's uids and gids), plus `more.ts`: the same model with a second webapp on `extra`.
 */
export const webappsCopy = (ports: WebappsPorts, extra = 0): { dir: string; model: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-image-'));
  const model = join(dir, 'webapps');
  cpSync(join(root, 'examples/webapps'), model, { recursive: true });
  const ids = JSON.parse(readFileSync(join(model, 'ids.json'), 'utf8')) as { ids: Record<string, Record<string, number>> };
  ids.ids.webappPorts = { webapp: ports.webapp };
  ids.ids.nginxPorts = { nginx: ports.proxy };
  writeFileSync(join(model, 'ids.json'), `${JSON.stringify(ids, null, 2)}\n`);
  writeFileSync(join(model, 'more.ts'), [
    "import { defineProcesses } from 'procform';",
    "import { createConstructors } from './constructors/index.js';",
    "import base from './processes.js';",
    '',
    '// processes.ts plus a second webapp that nothing else depends on.',
    'export default defineProcesses((params) => ({',
    '  ...base.evaluate(params),',
    `  webapp2: { pkg: createConstructors(params).webapp({ port: ${extra}, instanceSuffix: '2' }), port: ${extra} },`,
    '}));',
    '',
  ].join('\n'));
  return { dir, model: join(model, 'processes.ts') };
};

/** Model parameters for the image's default directories (/var), as `procform image` resolves them. */
export const imageParams = (manager: ImageManager, options: { ids?: Record<string, Record<string, number>>; storeDir?: string } = {}): BaseParams =>
  ({ ...testParams('/var', { tmpDir: '/tmp', processManager: manager, ids: options.ids ?? {} }), storeDir: options.storeDir ?? '/var/lib/procform/store', runtimeDir: '/var/run' });

/** The image input of a model for the image's default directories (/var). */
export const imageInputOf = async (model: string, manager: ImageManager, options: { mutable?: boolean; ids?: Record<string, Record<string, number>>; base?: string; extraParams?: string | null; storeDir?: string } = {}): Promise<ImageInput> =>
  prepareImage({
    manager,
    mutable: options.mutable === true,
    base: options.base ?? 'debian:bookworm-slim',
    includes: [],
    modelFile: model,
    sourceText: readFileSync(model, 'utf8'),
    definition: await loadDefinition(model),
    params: imageParams(manager, options),
    idsFile: null,
    extraParams: options.extraParams ?? null,
  });

/**
 * A stack like a database, its migration and an API, in a fresh temp dir: `db` accepts
 * connections on `ports.db` only after 3 s (tcp readiness), the `migrate` oneshot depends on
 * it and fails unless it can connect (or always, with extra params `{"migration":"fail"}`;
 * it is not retried),
 * and `api` (tcp readiness on `ports.api`) depends on the migration.
 */
export const stackModel = (ports: { db: number; api: number }): { dir: string; model: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-image-stack-'));
  mkdirSync(join(dir, 'bin'));
  const scripts: Record<string, string> = {
    'db.js': [
      "const net = require('node:net');",
      '// Like a database that takes a while before it accepts connections.',
      "const serve = (socket) => { socket.on('error', () => {}); socket.end('db\\n'); };",
      "setTimeout(() => net.createServer(serve).listen(Number(process.env.PORT), '127.0.0.1'), 3000);",
      "process.on('SIGTERM', () => process.exit(0));",
    ].join('\n'),
    'migrate.js': [
      "const net = require('node:net');",
      "const socket = net.connect(Number(process.env.PORT), '127.0.0.1');",
      "socket.once('connect', () => {",
      '  socket.destroy();',
      "  if (process.env.MODE === 'fail') { console.log('migration failed'); process.exit(3); }",
      "  console.log('migrated');",
      '  process.exit(0);',
      '});',
      "socket.once('error', (error) => { console.log(`no database: ${error.message}`); process.exit(1); });",
    ].join('\n'),
    'api.js': [
      "const http = require('node:http');",
      "http.createServer((req, res) => res.end('api\\n')).listen(Number(process.env.PORT), '127.0.0.1');",
      "process.on('SIGTERM', () => process.exit(0));",
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(scripts)) {
    writeFileSync(join(dir, 'bin', name), `#!/usr/bin/env node\n${text}\n`);
    chmodSync(join(dir, 'bin', name), 0o755);
  }
  const model = join(dir, 'stack.ts');
  writeFileSync(model, [
    "import { fileURLToPath } from 'node:url';",
    "import { createManagedProcess, defineProcesses } from 'procform';",
    '',
    '// Next to the model, wherever it is (a mutable image evaluates it in /etc/procform/model).',
    "const bin = fileURLToPath(new URL('./bin', import.meta.url));",
    'export default defineProcesses<{ migration?: string }>((params) => {',
    `  const db = createManagedProcess({ foregroundProcess: \`\${bin}/db.js\`, environment: { PORT: ${ports.db} }, readiness: { kind: 'tcp', port: ${ports.db}, timeout: 30 } });`,
    `  const migrate = createManagedProcess({ type: 'oneshot', foregroundProcess: \`\${bin}/migrate.js\`, environment: { PORT: ${ports.db}, MODE: params.migration ?? 'ok' }, restart: 'no', dependencies: [db] });`,
    `  const api = createManagedProcess({ foregroundProcess: \`\${bin}/api.js\`, environment: { PORT: ${ports.api} }, readiness: { kind: 'tcp', port: ${ports.api} }, dependencies: [migrate] });`,
    '  return { db: { pkg: db }, migrate: { pkg: migrate }, api: { pkg: api } };',
    '});',
    '',
  ].join('\n'));
  return { dir, model };
};

/**
 * `procform image ARGS --build` with podman. The image test files run side by side and
 * remove their images when done, which can take a cached layer from under another file's
 * build (podman: "layer not known"); such a build is run once more.
 */
export const buildWithPodman = (args: readonly string[]): Run => {
  const first = procform(['image', ...args], { env: podmanEnv() });
  return first.code !== 0 && /layer not known/.test(first.stderr) ? procform(['image', ...args], { env: podmanEnv() }) : first;
};
