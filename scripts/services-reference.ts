/**
 * Writes docs/services.md, the reference of `procform/services`, from the TSDoc of what
 * src/services/index.ts exports (`npm run docs:services`).
 *
 *   node --import tsx scripts/services-reference.ts [--check] [--out FILE] [ENTRY]
 *
 * With --check it writes nothing and exits 1 when FILE is not what it would write. A function
 * without a summary, an argument without a description or an optional argument without
 * `@default` is reported, and it exits 1 without writing.
 * @module
 */
import { referenceCommand } from './services-reference/command.js';

process.exitCode = referenceCommand(process.argv.slice(2), (line) => process.stderr.write(`${line}\n`));
