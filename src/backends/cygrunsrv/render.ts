/**
 * Renders a cygrunsrv record into its entry: the exact `cygrunsrv --install` argv as data
 * (`install.json`), the scripts that run it (`install.sh`, `remove.sh`), the optional start
 * script, and the record (`cygrunsrv.json`, read by the activator). Every value in a script
 * goes through quoteShell; `--args` is encoded with cygrunsrv's own splitting rule (args.ts).
 * Generated for Windows/Cygwin; not run here.
 * @module
 */
import { canonicalJson } from '../../render/json.js';
import { quoteArgv, quoteShell } from '../../render/shell.js';
import { stateDirLines } from '../state-dirs.js';
import { file, type FileSet } from '../../store/file-set.js';
import { InputError } from '../../errors.js';
import { encodeArgs } from './args.js';
import { cygrunsrvRecordFile, type CygrunsrvService } from './record.js';

export const INSTALL_JSON = 'install.json';
export const INSTALL_SCRIPT = 'install.sh';
export const REMOVE_SCRIPT = 'remove.sh';
/** Environment variable install.sh reads the `--user` account's password from. */
export const PASSWORD_VARIABLE = 'PROCFORM_CYGRUNSRV_PASSWORD';

/** cygrunsrv's compiled-in limits (cygrunsrv.h: MAX_ENV, MAX_DEPS). */
const MAX_ENV = 255;
const MAX_DEPS = 16;

const check = (r: CygrunsrvService): void => {
  const fail = (problem: string): never => {
    throw new InputError(`cygrunsrv service "${r.serviceName}": ${problem}`);
  };
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(r.serviceName)) fail('the service name must consist of letters, digits, "_", "." and "-"');
  if (r.path === '') fail('the path is empty');
  if (!['auto', 'manual'].includes(r.startType)) fail(`type ${r.startType} is not auto or manual`);
  if (Object.keys(r.environment).length > MAX_ENV) fail(`cygrunsrv accepts at most ${MAX_ENV} --env values`);
  if (r.dependencies.length > MAX_DEPS) fail(`cygrunsrv accepts at most ${MAX_DEPS} --dep values`);
  const values = [r.path, r.description, r.stdout, r.stderr, r.directory ?? '', r.user ?? '', r.pidFile ?? '', ...Object.entries(r.environment).flat()];
  if (values.some((v) => v.includes('\0'))) fail('a value contains a NUL character');
  const startScript = r.startScript;
  if (startScript?.umask != null && !/^[0-7]{1,4}$/.test(startScript.umask)) fail(`umask ${startScript.umask} is not octal`);
  if (startScript?.nice != null && !Number.isInteger(startScript.nice)) fail('nice must be an integer');
};

/** The `--args` string of a record; throws naming the values cygrunsrv cannot pass. */
export const argsString = (r: CygrunsrvService): string | null => {
  if (r.args.length === 0) return null;
  const encoded = encodeArgs(r.args);
  if (!encoded.ok) {
    throw new InputError(
      `cygrunsrv service "${r.serviceName}": these arguments cannot be passed through --args: ${encoded.unrepresentable.map((v) => JSON.stringify(v)).join(', ')}`,
      'cygrunsrv splits --args at spaces and only knows one level of \' or " quotes without escapes, so a value with a space (or a leading quote) and both quote characters has no encoding',
    );
  }
  return encoded.args;
};

/** The exact argv of `cygrunsrv` that installs the service (without a password). */
export const installArgv = (r: CygrunsrvService): string[] => {
  check(r);
  const args = argsString(r);
  return [
    '--install', r.serviceName,
    '--path', r.path,
    ...(args === null ? [] : ['--args', args]),
    ...Object.keys(r.environment).sort().flatMap((k) => ['--env', `${k}=${r.environment[k]!}`]),
    ...(r.directory === null ? [] : ['--chdir', r.directory]),
    ...r.dependencies.flatMap((d) => ['--dep', d]),
    '--termsig', r.termsig,
    '--desc', r.description,
    '--type', r.startType,
    ...(r.user === null ? [] : ['--user', r.user]),
    '--stdout', r.stdout,
    '--stderr', r.stderr,
    ...(r.pidFile === null ? [] : ['--pidfile', r.pidFile]),
    ...(r.stopOnShutdown ? ['--shutdown'] : []),
    ...(r.neverExits ? ['--neverexits'] : []),
  ];
};

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

/** install.sh: runs exactly `cygrunsrv <installArgv>`. */
export const renderInstall = (r: CygrunsrvService): string => {
  const argv = installArgv(r);
  const logDirs = [...new Set([dirOf(r.stdout), dirOf(r.stderr)])];
  return [
    '#!/bin/sh',
    `# Installs the Windows service ${r.serviceName} (procform, cygrunsrv backend; generated, not run).`,
    'set -eu',
    `mkdir -p -- ${logDirs.map(quoteShell).join(' ')}`,
    ...(r.user === null
      ? []
      : [`if [ -n "\${${PASSWORD_VARIABLE}:-}" ]; then exec cygrunsrv ${quoteArgv(argv)} --passwd "$${PASSWORD_VARIABLE}"; fi`]),
    `exec cygrunsrv ${quoteArgv(argv)}`,
    '',
  ].join('\n');
};

/** remove.sh: `cygrunsrv --remove` (which stops the service first). */
export const renderRemove = (r: CygrunsrvService): string =>
  ['#!/bin/sh', `# Removes the Windows service ${r.serviceName} (procform, cygrunsrv backend; generated, not run).`, `exec cygrunsrv ${quoteArgv(['--remove', r.serviceName])}`, ''].join('\n');

/** The sh start script: state directories, initialize, umask, nice, then exec. */
export const renderStartScript = (r: CygrunsrvService): string | null => {
  const s = r.startScript;
  if (s === null) return null;
  const lines = ['#!/bin/sh', `# Start script of ${r.serviceName} (procform, cygrunsrv backend): what cygrunsrv has no option for.`, 'set -e'];
  lines.push(...stateDirLines(s.stateDirs));
  if (s.initialize.trim() !== '') lines.push(`/bin/sh -c ${quoteShell(s.initialize)}`);
  if (s.umask !== null) lines.push(`umask ${quoteShell(s.umask)}`);
  const nice = s.nice === null ? '' : `nice -n ${quoteShell(String(s.nice))} `;
  lines.push(s.command === null ? `exec ${nice}"$@"` : `exec ${nice}${quoteArgv(s.command)}`, '');
  return lines.join('\n');
};

/** The entry. */
export const render = (record: CygrunsrvService): FileSet => {
  const start = renderStartScript(record);
  return [
    file(INSTALL_JSON, `${JSON.stringify(installArgv(record), null, 2)}\n`),
    file(INSTALL_SCRIPT, renderInstall(record), true),
    file(REMOVE_SCRIPT, renderRemove(record), true),
    ...(start === null || record.startScript === null ? [] : [file(record.startScript.file, start, true)]),
    file(cygrunsrvRecordFile.name, canonicalJson(record)),
  ];
};
