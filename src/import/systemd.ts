/**
 * systemd service units (a `.service` file, or every one in a directory): `ExecStart=`
 * unquoted and expanded as systemd does (`%` specifiers of the unit name, `${VAR}` as one
 * word, `$VAR` split at blanks), `Environment=`, `EnvironmentFile=`, `WorkingDirectory=`,
 * `User=`, restart and stop settings, and `After=`/`Requires=`/`Wants=`/`BindsTo=`/`Before=`
 * between the imported units as dependencies. Everything else becomes a note.
 * @module
 */
import { basename, dirname, isAbsolute, join } from 'node:path';
import { InputError } from '../errors.js';
import { systemdTimeSpan } from './durations.js';
import { parseEnvFile } from './env-file.js';
import { instanceName } from './names.js';
import { readOptional, unitFiles } from './read-source.js';
import { parseUnitFile, UnitSyntaxError, unitWords, value, values, type UnitEntry } from './unit-file.js';
import type { Argv, ImportContext, ImportedProcess, ImportedSystem, Note } from './types.js';
import { commandOf, specifiers, type Said } from './systemd-exec.js';
import type { RestartInput } from '../model/restart.js';

const MAPPED: Record<string, ReadonlySet<string>> = {
  Unit: new Set(['Description', 'After', 'Requires', 'Wants', 'BindsTo', 'Before']),
  Service: new Set(['ExecStart', 'Type', 'Environment', 'EnvironmentFile', 'WorkingDirectory', 'User', 'UMask', 'Nice', 'Restart', 'RestartSec', 'StartLimitBurst', 'KillSignal', 'TimeoutStopSec', 'TimeoutStartSec', 'TimeoutSec', 'PIDFile']),
};

const DEPENDENCY_KEYS = ['After', 'Requires', 'Wants', 'BindsTo'];


const restartOf = (entries: readonly UnitEntry[], notes: Said[]): RestartInput => {
  const restart = value(entries, 'Service', 'Restart') ?? 'no';
  const policy = restart === 'always' ? 'always' : restart === 'no' ? 'no' : restart === 'on-success' ? 'no' : 'on-failure';
  if (restart === 'on-success' || restart === 'on-watchdog') notes.push(['Restart', `${restart} has no counterpart: written as "${policy}"`]);
  if (policy === 'no') return 'no';
  const sec = value(entries, 'Service', 'RestartSec');
  const burst = value(entries, 'Service', 'StartLimitBurst') ?? value(entries, 'Unit', 'StartLimitBurst');
  return {
    policy,
    ...(burst === undefined ? {} : { maxRestarts: Number(burst) }),
    // systemd waits RestartSec (100 ms by default) before every restart, not growing.
    backoff: { initial: Math.max(systemdTimeSpan(sec ?? '100ms') ?? 0.1, 0.001), factor: 1 },
  };
};

const unitProcess = (file: string, text: string, unit: string, instance: string, notes: Note[]): { process: ImportedProcess; entries: UnitEntry[] } => {
  const own: Said[] = [];
  let entries: UnitEntry[];
  try {
    entries = parseUnitFile(specifiers(unit, text, own));
  } catch (error) {
    if (error instanceof UnitSyntaxError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  const env = new Map<string, string>();
  for (const line of values(entries, 'Service', 'Environment')) {
    for (const word of unitWords(line)) {
      const at = word.text.indexOf('=');
      if (at > 0) env.set(word.text.slice(0, at), word.text.slice(at + 1));
    }
  }
  const envFiles: string[] = [];
  const fileEnv = new Map<string, string>();
  for (const line of values(entries, 'Service', 'EnvironmentFile')) {
    const optional = line.startsWith('-');
    const path = optional ? line.slice(1) : line;
    const content = readOptional(path);
    if (content === undefined) {
      own.push(['EnvironmentFile', `${line}: ${optional ? 'missing here, and optional: left out' : 'missing here'}`]);
      if (optional) continue;
    } else parseEnvFile(content).forEach(([k, v]) => fileEnv.set(k, v));
    envFiles.push(path);
  }
  if (envFiles.length > 0) own.push(['EnvironmentFile', 'read as a dotenv file; systemd\'s own syntax differs in rare cases (backslash line continuations, unquoted trailing blanks)']);
  const execStarts = values(entries, 'Service', 'ExecStart');
  if (execStarts.length === 0) throw new InputError(`${file} has no ExecStart=`);
  if (execStarts.length > 1) own.push(['ExecStart', `${execStarts.length} commands; only the first is imported`]);
  const type = value(entries, 'Service', 'Type') ?? 'simple';
  let command: Argv;
  try {
    command = commandOf(execStarts[0]!, new Map([...fileEnv, ...env]), new Set([...fileEnv.keys()].filter((k) => !env.has(k))), own);
  } catch (error) {
    throw new InputError(`${file}: ExecStart: ${(error as Error).message}`);
  }
  const directoryRaw = value(entries, 'Service', 'WorkingDirectory');
  const directory = directoryRaw?.replace(/^-/, '');
  if (directory !== undefined && !isAbsolute(directory)) own.push(['WorkingDirectory', `${directoryRaw}: not an absolute path; left out`]);
  if (directory === undefined) own.push(['WorkingDirectory', 'not set: systemd starts the process in / (or the user\'s home for user units)']);
  const user = value(entries, 'Service', 'User');
  const stop = value(entries, 'Service', 'TimeoutStopSec') ?? value(entries, 'Service', 'TimeoutSec');
  const start = value(entries, 'Service', 'TimeoutStartSec') ?? value(entries, 'Service', 'TimeoutSec');
  const stopTimeout = stop === undefined ? undefined : systemdTimeSpan(stop);
  const startTimeout = start === undefined ? undefined : systemdTimeSpan(start);
  const signal = value(entries, 'Service', 'KillSignal');
  const nice = value(entries, 'Service', 'Nice');
  const umask = value(entries, 'Service', 'UMask');
  const pidFile = value(entries, 'Service', 'PIDFile');
  if (!['simple', 'exec', 'idle', 'oneshot', 'forking'].includes(type)) own.push(['Type', `${type}: started as a simple service (procform's notify readiness is the s6 fd protocol, not sd_notify)`]);
  if (type === 'forking' && pidFile === undefined) own.push(['Type', 'forking without PIDFile=: procform needs the pid file to follow a daemon']);
  const process: ImportedProcess = {
    instance,
    ...(value(entries, 'Unit', 'Description') === undefined ? {} : { description: value(entries, 'Unit', 'Description')! }),
    command,
    ...(type === 'forking' ? { daemon: true } : {}),
    ...(type === 'oneshot' ? { type: 'oneshot' as const } : {}),
    environment: [...env],
    envFiles,
    ...(directory !== undefined && isAbsolute(directory) ? { directory } : {}),
    ...(user === undefined ? {} : { user }),
    dependencies: [],
    restart: restartOf(entries, own),
    ...(signal === undefined ? {} : { stopSignal: signal.replace(/^SIG/, '') }),
    ...(stopTimeout === undefined || !Number.isFinite(stopTimeout) || stopTimeout <= 0 ? {} : { stopTimeout }),
    ...(startTimeout === undefined || !Number.isFinite(startTimeout) || startTimeout <= 0 ? {} : { startTimeout }),
    ...(umask === undefined ? {} : { umask: umask.padStart(4, '0').slice(-4) }),
    ...(nice === undefined ? {} : { nice: Number(nice) }),
    ...(pidFile === undefined || type !== 'forking' ? {} : { pidFile }),
  };
  if (user !== undefined) own.push(['User', 'systemd sets HOME, USER, LOGNAME and SHELL for it; procform passes only the model\'s environment']);
  for (const [field, message] of own) notes.push({ instance, field, message });
  for (const entry of entries) {
    if (MAPPED[entry.section]?.has(entry.key)) continue;
    notes.push({ instance, field: `${entry.section}.${entry.key}`, message: `${entry.value} (${entry.section === 'Install' ? 'switch -P systemd --enable starts the deployment at boot' : 'procform has no counterpart'})` });
  }
  return { process, entries };
};

/** Reads a unit file, or every `.service` file of a directory (`text` undefined). */
export const importSystemd = (text: string | undefined, context: ImportContext): ImportedSystem => {
  const files = text === undefined ? unitFiles(context.file) : [context.file];
  const notes: Note[] = [];
  const taken = new Set<string>();
  const units = new Map<string, { process: ImportedProcess; entries: UnitEntry[] }>();
  for (const file of files) {
    const unit = basename(file).replace(/\.service$/, '');
    if (unit.endsWith('@')) {
      notes.push({ field: basename(file), message: 'a template unit: import an instance of it (name@instance.service) instead' });
      continue;
    }
    const instance = instanceName(unit, taken);
    taken.add(instance);
    units.set(`${unit}.service`, unitProcess(file, text ?? readOptional(file) ?? '', unit, instance, notes));
  }
  // Instance names each unit waits for: its own After=… targets, and the units ordered Before= it.
  const dependencies = new Map<string, Set<string>>();
  for (const [name, { process, entries }] of units) {
    const own = new Set<string>();
    for (const key of DEPENDENCY_KEYS) {
      for (const target of values(entries, 'Unit', key).flatMap((v) => v.split(/\s+/))) {
        if (units.has(target)) own.add(units.get(target)!.process.instance);
        else notes.push({ instance: process.instance, field: `Unit.${key}`, message: `${target} is not an imported unit` });
      }
    }
    for (const target of values(entries, 'Unit', 'Before').flatMap((v) => v.split(/\s+/))) {
      if (units.has(target)) dependencies.set(target, (dependencies.get(target) ?? new Set()).add(process.instance));
      else notes.push({ instance: process.instance, field: 'Unit.Before', message: `${target} is not an imported unit` });
    }
    dependencies.set(name, new Set([...(dependencies.get(name) ?? []), ...own]));
  }
  notes.push({ field: 'environment', message: 'systemd adds INVOCATION_ID and JOURNAL_STREAM (and its own PATH, and the locale) to every unit; procform passes only the model\'s environment and its own PATH' });
  const processes = [...units].map(([name, { process }]) => ({ ...process, dependencies: [...(dependencies.get(name) ?? [])].filter((d) => d !== process.instance) }));
  return { format: 'systemd', source: text === undefined ? context.file : join(dirname(context.file), basename(context.file)), processes, notes };
};
