import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { DEFAULT_IGNORE, normalizeInputs, resolveInputPath } from './declared.js';

test('relative input paths are taken from the model directory, URLs and file: strings become paths', () => {
  assert.equal(resolveInputPath('./app', '/srv/model'), '/srv/model/app');
  assert.equal(resolveInputPath('app/../lib/', '/srv/model'), '/srv/model/lib');
  assert.equal(resolveInputPath('/opt/app/', '/srv/model'), '/opt/app');
  assert.equal(resolveInputPath(new URL('./app', pathToFileURL('/srv/model/constructors/web.ts')), '/elsewhere'), '/srv/model/constructors/app');
  assert.equal(resolveInputPath('file:///srv/a%20b', '/elsewhere'), '/srv/a b');
});

test('inputs keep their order, one per path, with the default ignore list unless their own is given', () => {
  const inputs = normalizeInputs(['./b', { path: './a', ignore: ['*.log'] }, '/m/b', { path: './c', ignore: [] }], '/m');
  assert.deepEqual(inputs, [
    { path: '/m/b', ignore: DEFAULT_IGNORE },
    { path: '/m/a', ignore: ['*.log'] },
    { path: '/m/c', ignore: [] },
  ]);
});
