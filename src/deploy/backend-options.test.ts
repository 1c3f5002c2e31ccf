import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { rememberOptions, resolveBackendOptions, type BackendOptionSpecs } from './backend-options.js';

const specs: BackendOptionSpecs = {
  image: { description: 'the image', default: 'debian:bookworm-slim', pattern: /^[a-z0-9][a-z0-9.:/-]*$/ },
  network: { description: 'bridge or host', default: 'bridge', values: ['bridge', 'host'] },
  deployment: { description: 'its name', default: 'procform', pattern: /^[a-z0-9-]+$/ },
};

test('an option not given keeps the value the current generation recorded; the default only where none is recorded', () => {
  const recorded = { image: 'my/app:1', network: 'host', deployment: 'procform' };
  const { options, remembered } = rememberOptions(specs, {}, recorded, 'generation 3');
  assert.deepEqual(options, recorded);
  assert.deepEqual(remembered, { image: 'my/app:1', network: 'host' }, 'a remembered default is not worth telling');
  assert.deepEqual(resolveBackendOptions('docker', specs, options), recorded);

  // Given on the command line wins; an option recorded nowhere gets its default.
  const some = rememberOptions(specs, { network: 'bridge' }, { image: 'my/app:1' }, 'generation 3');
  assert.deepEqual(some.options, { network: 'bridge', image: 'my/app:1' });
  assert.deepEqual(some.remembered, { image: 'my/app:1' });
  assert.deepEqual(resolveBackendOptions('docker', specs, some.options), { deployment: 'procform', image: 'my/app:1', network: 'bridge' });
});

test('nothing recorded, nothing remembered; keys no longer declared are dropped', () => {
  assert.deepEqual(rememberOptions(specs, { image: 'x' }, {}, 'generation 1'), { options: { image: 'x' }, remembered: {} });
  assert.deepEqual(rememberOptions(specs, {}, { volume: '/srv' }, 'generation 1'), { options: {}, remembered: {} });
});

test('a recorded value no longer allowed is refused, naming the generation, not silently replaced', () => {
  assert.throws(
    () => rememberOptions(specs, {}, { network: 'none' }, 'generation 4'),
    (e: Error) => e instanceof InputError && /generation 4 records backend option network="none", which is not allowed/.test(e.message) && /give -o network=VALUE/.test(e.hint ?? ''),
  );
  // Given anew, the recorded value does not matter.
  assert.deepEqual(rememberOptions(specs, { network: 'host' }, { network: 'none' }, 'generation 4').options, { network: 'host' });
});
