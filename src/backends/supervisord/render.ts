/**
 * Renders a supervisord program: `program.conf` (one `[program:x]` section, linked into
 * the manager's include directory by the activator), `procform.json` (what the activator
 * emulates: readiness, state directories), and the wrapper or daemon proxy scripts.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { file, type FileSet } from '../../store/file-set.js';
import { iniValue, quoteCommand, quoteEnvironment } from './quote.js';
import { DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT, PROGRAM_FILE, WRAPPER_FILE } from './translate.js';
import { supervisordRecordFile, type SupervisordEntry, type SupervisordProgram } from './record.js';

/** The `[program:x]` section text. */
export const renderProgram = (record: SupervisordProgram): string => {
  const lines = [`[program:${iniValue(record.program, 'program name')}]`, `command=${quoteCommand(record.command)}`];
  const environment = quoteEnvironment(record.environment);
  if (environment !== null) lines.push(`environment=${environment}`);
  if (record.directory !== null) lines.push(`directory=${iniValue(record.directory, 'directory')}`);
  if (record.user !== null) lines.push(`user=${iniValue(record.user, 'user')}`);
  if (record.umask !== null) lines.push(`umask=${iniValue(record.umask, 'umask')}`);
  lines.push(
    `priority=${record.priority}`,
    `autostart=${record.autostart}`,
    `autorestart=${record.autorestart}`,
    `exitcodes=${record.exitcodes.join(',')}`,
    `startsecs=${record.startsecs}`,
    `startretries=${record.startretries}`,
    `stopsignal=${iniValue(record.stopsignal, 'stop signal')}`,
    `stopwaitsecs=${record.stopwaitsecs}`,
    `stopasgroup=${record.stopasgroup}`,
    `killasgroup=${record.killasgroup}`,
    `redirect_stderr=${record.redirect_stderr}`,
    `stdout_logfile=${iniValue(record.stdout_logfile, 'log file')}`,
    `stdout_logfile_maxbytes=${iniValue(record.stdout_logfile_maxbytes, 'log size')}`,
    `stdout_logfile_backups=${record.stdout_logfile_backups}`,
    `stderr_logfile=${iniValue(record.stderr_logfile, 'log file')}`,
    `stderr_logfile_maxbytes=${iniValue(record.stderr_logfile_maxbytes, 'log size')}`,
    `stderr_logfile_backups=${record.stderr_logfile_backups}`,
  );
  return `${lines.join('\n')}\n`;
};

/** What the activator reads back: its part of the record, with the program name and log files. */
const entryOf = (record: SupervisordProgram): SupervisordEntry =>
  ({ program: record.program, logs: { stdout: record.stdout_logfile, stderr: record.stderr_logfile }, ...record.activation });

/** The entry's files. */
export const render = (record: SupervisordProgram): FileSet => [
  file(PROGRAM_FILE, renderProgram(record)),
  file(supervisordRecordFile.name, canonicalJson(entryOf(record))),
  ...(record.wrapper !== null ? [file(WRAPPER_FILE, record.wrapper, true)] : []),
  ...(record.daemonProxy ? [file(DAEMON_PROXY_FILE, DAEMON_PROXY_SCRIPT, true)] : []),
];
