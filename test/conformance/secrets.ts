// Secrets on a real manager: after a switch the process has them, and no file of the
// deployment but the process's own 0400 secrets file holds them (the store, generated
// configuration, logs and manager state included); a changed value restarts the process
// on the next switch of the same generation; a missing secret fails the switch before
// anything changes; undeploying removes the secrets file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend } from '../../src/deploy/backend.js';
import type { BaseParams } from '../../src/model/evaluate.js';
import { secretsFile } from '../../src/model/normalize.js';
import { deployment } from './acceptance.js';
import { waitFor } from '../helpers/wait.js';

const model = fileURLToPath(new URL('../fixtures/models/secrets.ts', import.meta.url));

/** Every regular file below `dir` (links not followed) whose bytes contain one of `needles`. */
export const filesHolding = (dir: string, needles: readonly string[]): string[] => {
  const found: string[] = [];
  const walk = (path: string): void => {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (stats === undefined) return;
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    else if (stats.isFile()) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        return; // a socket or a file gone meanwhile
      }
      if (needles.some((needle) => bytes.includes(needle))) found.push(path);
    }
  };
  walk(dir);
  return found;
};

/** Registers the secrets case of one backend. */
export const runSecretsCase = ({ backend, backendOptions }: { backend: Backend; backendOptions?: BaseParams['backendOptions'] }): void => {
  test(`${backend.name}: secrets reach the process and never the store`, { timeout: 120_000 }, async (t) => {
    const d = deployment(t, backend, false, {}, backendOptions);
    if (backend.manager) await backend.manager.start(d.params);
    // Outside the deployment: the secret's source file.
    const outside = mkdtempSync(join(tmpdir(), 'pf-secrets-'));
    t.after(() => rmSync(outside, { recursive: true, force: true }));
    const token = (): string => randomBytes(12).toString('hex');
    const [fileToken, envToken, rotatedToken] = [token(), token(), token()];
    const fileValue = `${fileToken} with 'quotes', "double", $HOME and \\ and\nnewline`;
    const envValue = `${envToken}`;
    const secretFile = join(outside, 'db-password');
    writeFileSync(secretFile, `${fileValue}\n`, { mode: 0o600 });
    const secretEnv = `PF_TEST_SECRET_${token()}`;
    process.env[secretEnv] = envValue;
    t.after(() => { delete process.env[secretEnv]; });
    // The process's own report of what it received, in a deployment dir (not an input of the build).
    mkdirSync(d.params.tmpDir, { recursive: true });
    const out = join(d.params.tmpDir, 'facts.json');
    const stored = (needles: readonly string[]): string[] => filesHolding(d.state, needles).filter((path) => path !== out);
    const extra = { out, secretFile, secretEnv };
    const facts = (): { env: Record<string, string> } => JSON.parse(readFileSync(out, 'utf8')) as { env: Record<string, string> };

    const built = await d.build(model, extra);
    assert.deepEqual((await d.switchTo(built)).failed, []);
    await waitFor('the process to report', () => existsSync(out), 20_000);
    assert.equal(facts().env.DB_PASSWORD, fileValue);
    assert.equal(facts().env.API_TOKEN, envValue);
    assert.equal(facts().env.PLAIN, 'public');

    const delivered = secretsFile(d.params.libDir, backend.name, 'keeper');
    assert.deepEqual(stored([fileToken, envToken]), [delivered], 'only the secrets file holds the values');
    assert.equal(statSync(delivered).mode & 0o777, 0o400);
    assert.equal(statSync(delivered).uid, process.getuid!());
    assert.equal(statSync(join(delivered, '..')).mode & 0o777, 0o711);

    // A rotated value: the same generation, the process restarted with the new value.
    writeFileSync(secretFile, rotatedToken);
    const again = await d.build(model, extra);
    assert.equal(again.generation.path, built.generation.path, 'the store does not see the value');
    const outcome = await d.switchTo(again);
    assert.deepEqual(outcome.failed, []);
    await waitFor('the restarted process to report', () => facts().env.DB_PASSWORD === rotatedToken || undefined, 20_000);
    assert.deepEqual(stored([fileToken, rotatedToken, envToken]), [delivered]);

    // A missing secret: the switch fails before anything changes, naming it.
    delete process.env[secretEnv];
    const before = readFileSync(delivered, 'utf8');
    await assert.rejects(d.switchTo(again), (error: Error) => error.message.includes(`secret API_TOKEN of keeper`) && error.message.includes(secretEnv));
    assert.equal(readFileSync(delivered, 'utf8'), before);
    assert.equal(facts().env.DB_PASSWORD, rotatedToken);

    // Undeployed: the values leave the disk too.
    await d.switchTo(null);
    assert.ok(!existsSync(delivered), 'the secrets file is removed');
  });
};
