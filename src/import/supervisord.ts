/**
 * supervisord configurations (supervisor 4.2): every `[program:x]` becomes a process, or
 * `numprocs` numbered ones, with its command split as supervisord splits it (Python's
 * `shlex.split`), its `%(…)s` expansions resolved, and `[supervisord] environment` under
 * its own. Sections and settings procform has no counterpart for become notes.
 * @module
 */
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { split } from 'shlex';
import { InputError } from '../errors.js';
import { IniSyntaxError, parseIni, type IniSection } from './config-parser.js';
import { expand, ExpansionError, keyValuePairs } from './supervisord-values.js';
import { instanceName } from './names.js';
import type { ImportContext, ImportedProcess, ImportedSystem, Note } from './types.js';
import type { RestartInput } from '../model/restart.js';

// Settings of [program:x] that the mapping below reads; the rest become notes.
// stopasgroup and killasgroup are read too: procform always signals the whole process group.
const MAPPED = new Set(['command', 'process_name', 'numprocs', 'numprocs_start', 'directory', 'environment', 'user', 'umask', 'autorestart', 'startretries', 'stopsignal', 'stopwaitsecs', 'startsecs', 'stopasgroup', 'killasgroup']);

// Settings whose value is supervisord's default, so saying it changes nothing here.
const DEFAULTS: Record<string, string> = { startsecs: '1', exitcodes: '0', autostart: 'true', priority: '999' };

const EXPLAINED: Record<string, string> = {
  priority: 'supervisord starts lower priorities first; procform starts processes without dependencies side by side: add dependencies for an order that matters',
  autostart: 'procform starts every process of the model; leave this one out of the model, or stop it after a switch',
  exitcodes: 'procform restarts on any non-zero exit ("on-failure"), not only on codes outside this list',
  startsecs: 'procform counts a process without readiness as started once it has stayed up for one second',
  redirect_stderr: 'procform keeps both streams in one log per process',
};

const boolean = (text: string | undefined): boolean | undefined =>
  text === undefined ? undefined : ['true', 'yes', 'on', '1'].includes(text.toLowerCase()) ? true : ['false', 'no', 'off', '0'].includes(text.toLowerCase()) ? false : undefined;

const restartOf = (section: IniSection): RestartInput => {
  const auto = (section.get('autorestart') ?? 'unexpected').toLowerCase();
  const policy = auto === 'unexpected' ? 'on-failure' : boolean(auto) === false ? 'no' : 'always';
  return { policy, maxRestarts: Number.parseInt(section.get('startretries') ?? '3', 10) };
};

const programs = (name: string, section: IniSection, base: Record<string, string | number>, global: readonly [string, string][], groups: ReadonlyMap<string, string>, taken: Set<string>, notes: Note[]): ImportedProcess[] => {
  const program = name.slice('program:'.length);
  const count = Number.parseInt(section.get('numprocs') ?? '1', 10);
  const start = Number.parseInt(section.get('numprocs_start') ?? '0', 10);
  const made: ImportedProcess[] = [];
  for (let n = start; n < start + count; n++) {
    const values = { ...base, program_name: program, group_name: groups.get(program) ?? program, process_num: n, numprocs: count };
    const processName = expand(section.get('process_name') ?? '%(program_name)s', values);
    const instance = instanceName(processName, taken);
    taken.add(instance);
    const command = section.get('command');
    if (command === undefined) throw new InputError(`[${name}] has no command`, 'supervisord requires one for every program');
    const words = split(expand(command, values));
    if (words.length === 0) throw new InputError(`[${name}] has an empty command`);
    if (command.includes("$'") || command.includes('$"')) notes.push({ instance, field: 'command', message: 'contains $\'…\' or $"…", which supervisord\'s shlex takes literally: check args' });
    const stopSignal = section.get('stopsignal');
    const stopwait = section.get('stopwaitsecs');
    const environment = section.get('environment');
    made.push({
      instance,
      command: { executable: words[0]!, args: words.slice(1) },
      environment: [...global, ...(environment === undefined ? [] : keyValuePairs(expand(environment, values)))],
      envFiles: [],
      ...(section.has('directory') ? { directory: expand(section.get('directory')!, values) } : {}),
      ...(section.has('user') ? { user: section.get('user')! } : {}),
      ...(section.has('umask') ? { umask: section.get('umask')!.padStart(3, '0') } : {}),
      dependencies: [],
      restart: restartOf(section),
      ...(stopSignal === undefined ? {} : { stopSignal: stopSignal.toUpperCase() }),
      ...(stopwait === undefined ? {} : { stopTimeout: Number(stopwait) }),
    });
    if (!section.has('directory')) notes.push({ instance, field: 'directory', message: 'not set: supervisord starts the program in its own working directory; procform starts it in the supervisor\'s' });
    for (const [key, value] of section) {
      if ((MAPPED.has(key) && !(key === 'startsecs' && value !== '1')) || DEFAULTS[key] === value.toLowerCase()) continue;
      notes.push({ instance, field: key, message: `${value} (${EXPLAINED[key] ?? (key.includes('log') || key.includes('capture') || key.includes('events') ? 'procform writes each process\'s output to its own rotated log' : 'procform has no counterpart')})` });
    }
  }
  return made;
};

/** Reads a supervisord configuration. */
export const importSupervisord = (text: string, context: ImportContext): ImportedSystem => {
  let sections: Map<string, IniSection>;
  try {
    sections = parseIni(text);
  } catch (error) {
    if (error instanceof IniSyntaxError) throw new InputError(`${context.file}: ${error.message}`);
    throw error;
  }
  const notes: Note[] = [];
  const env = Object.fromEntries(Object.entries(process.env).map(([k, v]) => [`ENV_${k}`, v ?? '']));
  const base = { ...env, here: dirname(context.file), host_node_name: hostname() };
  const server = sections.get('supervisord') ?? new Map<string, string>();
  const processes: ImportedProcess[] = [];
  const taken = new Set<string>();
  const usedEnv = new Set<string>();
  try {
    for (const value of [...sections.values()].flatMap((s) => [...s.values()])) {
      for (const match of value.matchAll(/%\(ENV_([^)]*)\)/g)) usedEnv.add(match[1]!);
    }
    const global = server.has('environment') ? keyValuePairs(expand(server.get('environment')!, base)) : [];
    for (const [key, value] of server) if (key !== 'environment') notes.push({ field: `[supervisord] ${key}`, message: `${value} (a setting of supervisord itself)` });
    // A [group:x] names its programs' group, which %(group_name)s expands to.
    const groups = new Map([...sections].filter(([name]) => name.startsWith('group:'))
      .flatMap(([name, section]) => (section.get('programs') ?? '').split(',').map((p) => [p.trim(), name.slice('group:'.length)] as const)));
    for (const [name, section] of sections) {
      if (name.startsWith('program:')) processes.push(...programs(name, section, base, global, groups, taken, notes));
      else if (name !== 'supervisord') notes.push({ field: `[${name}]`, message: name.startsWith('include') ? `files = ${section.get('files') ?? ''}: included files are not read; import each one too`
        : name.startsWith('group:') ? `programs = ${section.get('programs') ?? ''}: procform has no groups; start, stop and restart name processes, with their dependencies`
          : `section not imported (${[...section.keys()].join(', ') || 'empty'})` });
    }
  } catch (error) {
    if (error instanceof ExpansionError || error instanceof SyntaxError) throw new InputError(`${context.file}: ${error.message}`);
    throw error;
  }
  notes.push({ field: 'SUPERVISOR_*', message: 'supervisord sets SUPERVISOR_ENABLED, SUPERVISOR_PROCESS_NAME, SUPERVISOR_GROUP_NAME and SUPERVISOR_SERVER_URL, and passes on its own environment; procform passes only the model\'s environment' });
  for (const name of [...usedEnv].sort()) notes.push({ field: `%(ENV_${name})s`, message: `expanded now, with this shell's value ${JSON.stringify(process.env[name] ?? '')}; supervisord expands it when it starts` });
  return { format: 'supervisord', source: context.file, processes, notes };
};
