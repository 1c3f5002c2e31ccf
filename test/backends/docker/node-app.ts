// The host side of fixtures/node-app.ts: a server script that reads a declared input and
// answers with it, outside any directory the containers mount anyway.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTree } from '../../../src/store/write.js';

/** Writes the application into a new temporary directory; returns the directory. */
export const writeNodeApp = (t: { after: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-node-app-'));
  t.after(() => removeTree(dir));
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'shared'));
  mkdirSync(join(dir, 'work'));
  writeFileSync(join(dir, 'shared/greeting.txt'), 'hello from the host\n');
  writeFileSync(join(dir, 'app/server.js'), [
    "const { readFileSync } = require('node:fs');",
    "const greeting = readFileSync(require('node:path').join(__dirname, '../shared/greeting.txt'), 'utf8').trim();",
    "require('node:http').createServer((_, res) => res.end(`${greeting} in ${process.cwd()}\\n`)).listen(Number(process.env.PORT));",
    '',
  ].join('\n'));
  return dir;
};
