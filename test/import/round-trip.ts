// Shared steps of the import round trips: a fixture copied to a temp dir with its
// placeholders filled, the imported model run on the embedded supervisor, and what each
// process was started with, as print-env.js recorded it.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { procform } from '../helpers/cli.js';
import { waitFor } from '../helpers/wait.js';

const bin = fileURLToPath(new URL('../fixtures/bin/', import.meta.url));

/** print-env.js and print-env-once.js, as the fixtures name them. */
export const PRINT_ENV = join(bin, 'print-env.js');
export const PRINT_ENV_ONCE = join(bin, 'print-env-once.js');

/** What a process was started with. */
export interface Facts {
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly umask: string;
}

const fill = (dir: string, root: string): void => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) fill(path, root);
    else writeFileSync(path, readFileSync(path, 'utf8').replaceAll('@PRINT_ENV_ONCE@', PRINT_ENV_ONCE).replaceAll('@PRINT_ENV@', PRINT_ENV).replaceAll('@DIR@', root));
  }
};

/** A copy of `test/fixtures/import/NAME` in a temp dir, with `@PRINT_ENV@`, `@PRINT_ENV_ONCE@` and `@DIR@` filled in. */
export const fixtureCopy = (t: { after: (fn: () => void) => void }, name: string): string => {
  const dir = mkdtempSync(join(tmpdir(), `pf-import-${name}-`));
  cpSync(fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url)), dir, { recursive: true });
  fill(dir, dir);
  t.after(() => {
    procform(['down', '--state-dir', join(dir, 'state')]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
};

/** Waits for each file (absolute) and reads the facts in it, by the given key. */
export const readFacts = async (files: Readonly<Record<string, string>>): Promise<Record<string, Facts>> => {
  await waitFor(`${Object.values(files).join(', ')} to be written`, () => Object.values(files).every((f) => existsSync(f)), 30_000);
  return Object.fromEntries(Object.entries(files).map(([key, file]) => [key, JSON.parse(readFileSync(file, 'utf8')) as Facts]));
};

/** Removes what a run recorded, so the next run records afresh. */
export const clearFacts = (files: Readonly<Record<string, string>>): void => {
  for (const file of Object.values(files)) rmSync(file, { force: true });
};

/** Runs `procform import SOURCE` in `dir`; returns its stderr summary and the model's text. */
export const importInto = (dir: string, source: string, extra: readonly string[] = []): { stderr: string; model: string } => {
  const run = procform(['import', source, ...extra], { cwd: dir });
  assert.equal(run.code, 0, run.stderr);
  return { stderr: run.stderr, model: readFileSync(join(dir, 'processes.ts'), 'utf8') };
};

/**
 * Deploys the model in `dir` on the embedded supervisor (a switch, with the state dir in
 * `dir`, as the calling user), waits for `files`, and stops everything again.
 */
export const runImported = async (dir: string, files: Readonly<Record<string, string>>): Promise<Record<string, Facts>> => {
  const state = join(dir, 'state');
  mkdirSync(state, { recursive: true });
  const built = procform(['build', '-q', '--state-dir', state, '--force-disable-user-change'], { cwd: dir });
  assert.equal(built.code, 0, built.stderr);
  const switched = procform(['switch', '-q', '--state-dir', state, '--force-disable-user-change'], { cwd: dir, timeout: 120_000 });
  assert.equal(switched.code, 0, switched.stderr);
  try {
    return await readFacts(files);
  } finally {
    procform(['down', '--state-dir', state]);
  }
};

/** `env` without the named variables. */
export const without = (env: Readonly<Record<string, string>>, names: Iterable<string>): Record<string, string> => {
  const drop = new Set(names);
  return Object.fromEntries(Object.entries(env).filter(([k]) => !drop.has(k)).sort(([a], [b]) => (a < b ? -1 : 1)));
};

/** Variables a shell sets for itself when a command runs through `sh -c` or `bash -c`. */
export const SHELL_VARIABLES = ['PWD', 'OLDPWD', 'SHLVL', '_'];

/** True when `program` can be run; under CI a missing program is a failure, never a skip. */
export const need = (t: { skip: (message: string) => void }, program: string, install: string): boolean => {
  if (existsSync(program)) return true;
  assert.notEqual(process.env.CI, 'true', `${program} is missing under CI (${install})`);
  t.skip(`${program} is not installed (${install})`);
  return false;
};

/** What a source's documentation says a process is started with. */
export interface Expected {
  readonly argv: readonly string[];
  readonly cwd: string;
  /** Every variable but PATH (which the supervisor provides when the model does not). */
  readonly env: Readonly<Record<string, string>>;
}

/** Checks recorded facts against what the documentation says, naming the process. */
export const expectStart = (facts: Facts | undefined, expected: Expected, name: string): void => {
  assert.ok(facts, `${name} recorded nothing`);
  assert.deepEqual(facts.argv, expected.argv, `${name}: argv`);
  assert.equal(facts.cwd, expected.cwd, `${name}: working directory`);
  assert.deepEqual(without(facts.env, ['PATH', ...SHELL_VARIABLES]), without(expected.env, []), `${name}: environment`);
};
