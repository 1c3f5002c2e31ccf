import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvFile, renderEnvFile } from './env-file.js';
import { HOSTILE_ENVIRONMENT } from '../../test/conformance/hostile.js';

test('a secrets file reads back exactly, by procform and by sh', () => {
  const text = renderEnvFile(HOSTILE_ENVIRONMENT);
  assert.deepEqual(parseEnvFile(text), HOSTILE_ENVIRONMENT);
  const dir = mkdtempSync(join(tmpdir(), 'pf-env-file-'));
  try {
    const file = join(dir, 'env');
    writeFileSync(file, text);
    const names = Object.keys(HOSTILE_ENVIRONMENT);
    const script = `set -a; . "$1"; exec node -e 'process.stdout.write(JSON.stringify(Object.fromEntries(process.argv.slice(1).map((n) => [n, process.env[n]]))))' ${names.join(' ')}`;
    const seen = JSON.parse(execFileSync('/bin/sh', ['-c', script, 'sh', file], { encoding: 'utf8', env: { PATH: process.env.PATH! } })) as Record<string, string>;
    assert.deepEqual(seen, HOSTILE_ENVIRONMENT);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a NUL is refused, and a file procform did not write is not read', () => {
  assert.throws(() => renderEnvFile({ A: 'a\0b' }), /NUL/);
  assert.throws(() => parseEnvFile('A=unquoted\n'), /not a procform secrets file/);
  assert.deepEqual(parseEnvFile(''), {});
});
