import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeModel } from './writer.js';
import type { ImportedProcess } from './types.js';

const process = (instance: string, extra: Partial<ImportedProcess> = {}): ImportedProcess =>
  ({ instance, command: { executable: 'x', args: [] }, environment: [], envFiles: [], dependencies: [], ...extra });

test('dependencies come first and are referenced by variable; a cycle falls back to names', () => {
  const { model } = writeModel({ format: 'compose', source: '/m/compose.yaml', notes: [], processes: [process('web', { dependencies: ['db'] }), process('db'), process('a', { dependencies: ['b'] }), process('b', { dependencies: ['a'] })] }, '/m');
  assert.ok(model.indexOf('const db =') < model.indexOf('const web ='));
  assert.match(model, /dependencies: \[db\.pkg\]/);
  assert.match(model, /const b = \{\n.*\n.*\n\s+dependencies: \["a"\]/);
  assert.match(model, /return \{ db, web, b, a \};/);
});

test('names that are not identifiers, or reserved, get variables of their own', () => {
  const { model } = writeModel({ format: 'procfile', source: '/m/Procfile', notes: [], processes: [process('default'), process('web.1'), process('web-1')] }, '/m');
  assert.match(model, /const default2 = \{ \/\/ instance "default"/);
  assert.match(model, /const web1 = \{ \/\/ instance "web\.1"/);
  assert.match(model, /const web12 = \{ \/\/ instance "web-1"/);
  assert.match(model, /return \{ default: default2, "web\.1": web1, "web-1": web12 \};/);
});

test('assigned ports go to ids.json and are read back from params.ids', () => {
  const written = writeModel({ format: 'procfile', source: '/m/Procfile', notes: [], processes: [process('web', { port: 5000, assignedPort: true, environment: [['PORT', '5000']] })] }, '/m');
  assert.match(written.model, /const webPort = params\.ids\.ports\?\.web \?\? 5000;/);
  assert.match(written.model, /environment: \{ PORT: webPort \}/);
  assert.match(written.model, /requiresUniqueIdsFor: \["ports"\]/);
  assert.deepEqual(written.ids, { ids: { ports: { web: 5000 } }, lastAssignments: { ports: 5000 } });
});

test('paths below the model directory are relative to it; others stay absolute', () => {
  const { model } = writeModel({ format: 'pm2', source: '/m/ecosystem.config.js', notes: [{ instance: 'web', field: 'watch', message: 'true\n*/ evil()' }], processes: [process('web', { directory: '/m', envFiles: ['/m/.env', '/etc/app.env'], command: { executable: '/m/bin/web', args: ['/m/conf', '/etc/x'] } })] }, '/m');
  assert.match(model, /directory: here,/);
  assert.match(model, /foregroundProcess: join\(here, "bin\/web"\),\n\s+args: \[join\(here, "conf"\), "\/etc\/x"\]/);
  assert.match(model, /envFiles: \["\.\/\.env", "\.\.\/etc\/app\.env"\]/);
  assert.match(model, /\/\/ not imported: watch: true\n\s+\/\/ \*\/ evil\(\)\n/);
});
