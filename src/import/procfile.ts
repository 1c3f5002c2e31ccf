/**
 * Procfiles, as foreman 0.87 reads them (`lib/foreman/procfile.rb`): a line
 * `name: command` is a process, every other line is ignored. foreman runs each command
 * from the Procfile's directory with `.env` from there, `PORT` counted from 5000 (or the
 * `.env`'s `PORT`) in steps of 100, and `PS` set to `name.1`; a command with shell syntax
 * goes through `/bin/sh -c`. overmind, honcho and Heroku read the same format.
 * @module
 */
import { dirname, join } from 'node:path';
import { shellCommand, absoluteExecutable } from './command.js';
import { parseEnvFile } from './env-file.js';
import { instanceName } from './names.js';
import type { ImportContext, ImportedProcess, ImportedSystem, Note } from './types.js';

// foreman's own grammar for an entry (Foreman::Procfile#parse); the format has no other.
const ENTRY = /^([A-Za-z0-9_]+):\s*(.+)$/;

/** foreman's default timeout between SIGTERM and SIGKILL (`foreman start -t`). */
const FOREMAN_STOP_TIMEOUT = 5;

/** Reads a Procfile. */
export const importProcfile = (text: string, context: ImportContext): ImportedSystem => {
  const dir = dirname(context.file);
  const envFile = join(dir, '.env');
  const envText = context.readFile(envFile);
  const env = new Map(envText === undefined ? [] : parseEnvFile(envText));
  const basePort = Number.parseInt(env.get('PORT') ?? '5000', 10) || 5000;
  const notes: Note[] = [
    { field: 'foreman', message: 'foreman stops every process as soon as one exits; procform supervises each on its own and restarts it (restart: "always" unless a process says otherwise)' },
    { field: 'PS', message: 'foreman sets PS to the process name and number (web.1); add it to environment if a program reads it' },
  ];
  const processes: ImportedProcess[] = [];
  const taken = new Set<string>();
  text.replace(/\r\n/g, '\n').split('\n').forEach((line, index) => {
    const entry = ENTRY.exec(line);
    if (!entry) {
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) notes.push({ field: `line ${index + 1}`, message: `ignored, as foreman ignores every line that is not "name: command": ${JSON.stringify(line)}` });
      return;
    }
    const [, name, command] = entry as unknown as [string, string, string];
    const instance = instanceName(name, taken);
    taken.add(instance);
    const port = basePort + processes.length * 100;
    processes.push({
      instance,
      command: absoluteExecutable(shellCommand(command, ['/bin/sh', '-c']), dir),
      environment: [['PORT', String(port)]],
      envFiles: envText === undefined ? [] : [envFile],
      directory: dir,
      dependencies: [],
      stopTimeout: FOREMAN_STOP_TIMEOUT,
      port,
      assignedPort: true,
    });
  });
  return { format: 'procfile', source: context.file, processes, notes };
};
