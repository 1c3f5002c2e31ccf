/**
 * Writes every generated document (`npm run docs`): docs/services.md and docs/model.md from
 * the TSDoc of src/services and src/model, and the backend tables of README.md from the
 * backends' declarations.
 *
 *   node --import tsx scripts/docs.ts [--check]
 *
 * A document whose source lacks something (a field without a description or `@default`, an
 * unknown marker) is reported and not written, and it exits 1. With --check it writes
 * nothing and exits 1 naming each document that is out of date.
 * @module
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './services-reference/generate.js';
import { DOCS_COMMAND, documents, isCurrent } from './docs/documents.js';

const args = process.argv.slice(2);
if (args.some((arg) => arg !== '--check')) {
  process.stderr.write('usage: node --import tsx scripts/docs.ts [--check]\n');
  process.exit(100);
}
const check = args.includes('--check');
let failed = false;
for (const document of documents()) {
  for (const problem of document.problems) process.stderr.write(`${problem}\n`);
  if (document.problems.length > 0) {
    process.stderr.write(`${document.path} is unchanged: its source lacks what it needs (${document.problems.length} missing)\n`);
    failed = true;
  } else if (isCurrent(document)) continue;
  else if (check) {
    process.stderr.write(`${document.path} is out of date: run ${DOCS_COMMAND}\n`);
    failed = true;
  } else writeFileSync(join(projectRoot, document.path), document.content);
}
process.exitCode = failed ? 1 : 0;
