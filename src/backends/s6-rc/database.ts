/**
 * The compiled s6-rc database of a generation: the entries' source definitions gathered into
 * one source tree and compiled by s6-rc-compile, once per generation. A database is never
 * changed after it is made (s6-rc forbids touching the live one), so it is made under a
 * temporary name and renamed into place; one that exists is complete.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { DeployError } from '../../errors.js';
import type { ActivationGeneration } from '../../deploy/activator.js';
import { tool } from '../s6/manager.js';
import { DEFAULT_BUNDLE, RECORDS_DIR } from './constants.js';
import { s6rcPaths } from './manager.js';
import { s6RcProcessSchema, type S6RcProcess } from './record.js';
import { parseRecordFile, recordFile } from '../../deploy/record-file.js';

/** The shape every record file of an entry is checked against (the name is the process's). */
const s6RcRecordFile = recordFile('.procform-records/<name>.json', s6RcProcessSchema);

/** The compiled database inside a generation's database directory. */
const COMPILED = 'compiled';
/** Beside it: which s6-rc name belongs to which instance, for `running`. */
const INSTANCES = 'instances.json';

/** An s6-rc name of the database and what it stands for. */
export interface DatabaseService {
  readonly instance: string;
  readonly kind: S6RcProcess['kind'];
  /** The restart policy of a longrun (a process that may end without being restarted). */
  readonly restart: S6RcProcess['settings']['restart']['policy'];
  /** A daemon oneshot's pid file; null otherwise. */
  readonly pidFile: string | null;
}

/** Reads the record of one unit of a generation. */
export const readRecord = (entry: string, instance: string): S6RcProcess => {
  let names: string[] = [];
  try {
    names = readdirSync(`${entry}/${RECORDS_DIR}`);
  } catch {
    names = [];
  }
  for (const name of names) {
    const path = `${entry}/${RECORDS_DIR}/${name}`;
    const record = parseRecordFile(path, readFileSync(path, 'utf8'), s6RcRecordFile);
    if (record.settings.instance === instance) return record;
  }
  throw new DeployError(`${entry} holds no s6-rc record of ${instance}; build the generation again with procform build -P s6-rc`, false);
};

/** Gathers the entries' definitions into one source tree: links to each service directory, one `default` bundle. */
const assembleSource = (generation: ActivationGeneration, source: string): Record<string, DatabaseService> => {
  const services: Record<string, DatabaseService> = {};
  mkdirSync(`${source}/${DEFAULT_BUNDLE}/contents.d`, { recursive: true });
  writeFileSync(`${source}/${DEFAULT_BUNDLE}/type`, 'bundle\n');
  for (const unit of generation.units) {
    const record = readRecord(unit.entry, unit.instance);
    services[record.name] = { instance: unit.instance, kind: record.kind, restart: record.settings.restart.policy, pidFile: record.kind === 'oneshot' && record.settings.mode === 'daemon' ? record.settings.pidFile : null };
    writeFileSync(`${source}/${DEFAULT_BUNDLE}/contents.d/${record.name}`, '');
    for (const name of readdirSync(unit.entry)) {
      if (name.startsWith('.') || name === DEFAULT_BUNDLE) continue;
      if (existsSync(`${source}/${name}`)) throw new DeployError(`two processes define the s6-rc service ${name}: rename one of them`, false);
      symlinkSync(`${unit.entry}/${name}`, `${source}/${name}`);
    }
  }
  return services;
};

/**
 * The absolute path of `generation`'s compiled database, compiling it first when it does
 * not exist yet.
 */
export const compiledDatabase = async (generation: ActivationGeneration): Promise<string> => {
  const { databasesDir } = s6rcPaths(generation.settings);
  const home = `${databasesDir}/${basename(generation.path)}`;
  if (existsSync(home)) return `${home}/${COMPILED}`;
  const work = `${databasesDir}/.${basename(generation.path)}.${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const services = assembleSource(generation, `${work}/source`);
    const compiled = await tool('s6-rc-compile', ['-v', '1', `${work}/${COMPILED}`, `${work}/source`]);
    if (compiled.code !== 0) throw new DeployError(`s6-rc-compile refused the generation's definitions: ${compiled.stderr.trim()}`, false);
    writeFileSync(`${work}/${INSTANCES}`, `${JSON.stringify(services, null, 2)}\n`);
    rmSync(`${work}/source`, { recursive: true, force: true });
    renameSync(work, home);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return `${home}/${COMPILED}`;
};

/** The database the live state uses now, or null when there is no live state. */
export const liveDatabase = (liveDir: string): string | null => {
  try {
    return readlinkSync(`${liveDir}/compiled`);
  } catch {
    return null;
  }
};

/** The services of a compiled database, by s6-rc name. */
export const databaseServices = (compiled: string): Readonly<Record<string, DatabaseService>> => {
  try {
    return JSON.parse(readFileSync(`${dirname(compiled)}/${INSTANCES}`, 'utf8')) as Record<string, DatabaseService>;
  } catch {
    return {};
  }
};

/** Removes every database but `keep` (the live one): a rollback compiles its own again. */
export const removeOtherDatabases = (databasesDir: string, keep: string): void => {
  const kept = basename(dirname(keep));
  for (const name of readdirSync(databasesDir)) {
    if (name !== kept && !name.startsWith('.')) rmSync(`${databasesDir}/${name}`, { recursive: true, force: true });
  }
};
