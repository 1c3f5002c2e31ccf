import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenerationDocument } from '../generation/document.js';
import { InputError, UntrustedPathError } from '../errors.js';
import { readSecrets, readSecretsFile, removeStaleSecrets, writeSecrets } from './secrets.js';

const documentWith = (file: string): GenerationDocument => ({
  formatVersion: 1, backend: 'embedded', settings: {} as GenerationDocument['settings'], metadata: {}, files: [], credentials: { users: {}, groups: {} },
  processes: [{
    instance: 'web', name: 'web', entry: '/store/x-web', dependencies: [],
    secrets: { file, user: null, values: { DB: { secret: 'file', path: '/etc/db' }, TOKEN: { secret: 'env', name: 'APP_TOKEN' } } },
  }],
});

test('values are read from their sources; a missing one is named with what to do', () => {
  const doc = documentWith('/x/web.env');
  const [read] = readSecrets(doc, { env: { APP_TOKEN: 't' }, readFile: () => 'pw\n' });
  assert.equal(read!.content, 'DB="pw"\nTOKEN="t"\n');
  assert.throws(() => readSecrets(doc, { env: {}, readFile: () => 'pw' }), (e: InputError) => /secret TOKEN of web .*APP_TOKEN.*not set/.test(e.message) && /--preserve-env=APP_TOKEN/.test(e.hint!));
  assert.throws(() => readSecrets(doc, { env: { APP_TOKEN: 't' }, readFile: () => { throw new Error('ENOENT'); } }), /secret DB of web comes from the file \/etc\/db, which cannot be read/);
});

test('files are 0400 in a 0711 directory, changes are reported, links and stale files are not kept', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-secrets-unit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'secrets/embedded/web.env');
  const read = (token: string) => readSecrets(documentWith(file), { env: { APP_TOKEN: token }, readFile: () => 'pw' });
  assert.deepEqual([...await writeSecrets(read('a'), false)], []);
  assert.equal(statSync(file).mode & 0o777, 0o400);
  assert.equal(statSync(join(dir, 'secrets/embedded')).mode & 0o777, 0o711);
  assert.deepEqual(readSecretsFile(file), { DB: 'pw', TOKEN: 'a' });
  assert.deepEqual([...await writeSecrets(read('a'), false)], [], 'the same values restart nothing');
  assert.deepEqual([...await writeSecrets(read('b'), false)], ['web']);
  assert.equal(readFileSync(file, 'utf8'), 'DB="pw"\nTOKEN="b"\n');
  removeStaleSecrets([join(dir, 'secrets/embedded')], null);
  assert.throws(() => readSecretsFile(file), /missing/);

  const linked = join(dir, 'linked');
  mkdirSync(join(linked, 'elsewhere'), { recursive: true });
  mkdirSync(join(linked, 'secrets'), { recursive: true, mode: 0o711 });
  symlinkSync(join(linked, 'elsewhere'), join(linked, 'secrets/embedded'));
  const viaLink = readSecrets(documentWith(join(linked, 'secrets/embedded/web.env')), { env: { APP_TOKEN: 'c' }, readFile: () => 'pw' });
  await assert.rejects(writeSecrets(viaLink, false), UntrustedPathError);
});
