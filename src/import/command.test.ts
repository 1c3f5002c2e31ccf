import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absoluteExecutable, plainWords, shellCommand } from './command.js';

test('plain words become argv, quotes resolved as a shell would', () => {
  assert.deepEqual(plainWords(`node server.js --name "a b" 'c d'`), ['node', 'server.js', '--name', 'a b', 'c d']);
  assert.deepEqual(plainWords('exec bundle exec puma'), ['bundle', 'exec', 'puma']);
});

test('anything the shell interprets stays a shell command', () => {
  for (const text of ['node x.js --port $PORT', 'a | b', 'a && b', 'a; b', 'ls *.js', 'cd web && npm start', 'FOO=1 node x', '~/bin/x', 'echo `date`', 'a > log', 'echo a\\ b', 'a # c']) {
    assert.equal(plainWords(text), undefined, text);
  }
  assert.deepEqual(shellCommand('a | b', ['/bin/sh', '-c']), { executable: '/bin/sh', args: ['-c', 'a | b'] });
  assert.deepEqual(shellCommand('x y', ['/bin/sh', '-c']), { executable: 'x', args: ['y'] });
});

test('a relative executable is taken from the working directory', () => {
  assert.deepEqual(absoluteExecutable({ executable: './bin/web', args: [] }, '/srv/app'), { executable: '/srv/app/bin/web', args: [] });
  assert.deepEqual(absoluteExecutable({ executable: 'node', args: [] }, '/srv/app'), { executable: 'node', args: [] });
});
