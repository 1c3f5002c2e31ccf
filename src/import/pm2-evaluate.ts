/**
 * Evaluating a PM2 ecosystem file. It is JavaScript that may read its environment or
 * compute its apps, so it runs as PM2 runs it, in Node, but in a child process started
 * from the file's directory with a deadline: the importer's own process never executes it.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { dirname, extname } from 'node:path';
import { parse } from 'yaml';
import { InputError } from '../errors.js';

// Loads the file as PM2 does (require, or import for ES modules) and prints it as JSON.
const LOADER = `
const { pathToFileURL } = require('node:url');
(async () => {
  const file = process.argv[1];
  let value;
  try {
    value = require(file);
  } catch (error) {
    if (error.code !== 'ERR_REQUIRE_ESM') throw error;
    value = (await import(pathToFileURL(file).href)).default;
  }
  if (value && value.__esModule && value.default) value = value.default;
  process.stdout.write(JSON.stringify(value === undefined ? null : value));
})().catch((error) => { process.stderr.write(String((error && error.stack) || error)); process.exit(1); });
`;

/** Seconds an ecosystem file may take to evaluate. */
export const EVALUATE_TIMEOUT = 30;

/** The value an ecosystem file exports, as JSON data (functions dropped). */
export const evaluateEcosystem = (file: string, text: string): unknown => {
  const ext = extname(file).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text) as unknown;
    if (ext === '.yml' || ext === '.yaml') return parse(text) as unknown;
  } catch (error) {
    throw new InputError(`${file}: ${(error as Error).message}`);
  }
  const run = spawnSync(process.execPath, ['-e', LOADER, file], {
    cwd: dirname(file), encoding: 'utf8', timeout: EVALUATE_TIMEOUT * 1000, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw new InputError(`cannot evaluate ${file}: ${run.error.message}`);
  if (run.signal !== null) throw new InputError(`${file} did not finish evaluating within ${EVALUATE_TIMEOUT} s`);
  if (run.status !== 0) throw new InputError(`evaluating ${file} failed: ${run.stderr.trim().split('\n').slice(0, 8).join('\n')}`);
  return JSON.parse(run.stdout) as unknown;
};
