/**
 * Checks a container record before it is rendered: the record may have been changed by an
 * override, and every value ends up as a `docker create` argument or a compose value.
 * Values are passed as argv words, never through a shell, so the checks are about what
 * docker's own syntax cannot carry: a NUL, a ":" in a `--volume` path, an image that
 * would read as a flag.
 * @module
 */
import { InputError } from '../../errors.js';
import { ENV_NAME } from '../../model/schema.js';
import { IMAGE_PATTERN } from './options.js';
import type { DockerContainer } from './record.js';

const SIGNAL = /^SIG[A-Z0-9]+$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const CAPABILITY = /^[A-Z_]+$/;

/** Every string of a JSON-like value, with where it is. */
export const strings = (value: unknown, where: string): [string, string][] => {
  if (typeof value === 'string') return [[where, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[`${where} key`, k] as [string, string], ...strings(v, `${where}.${k}`)]);
  return [];
};

/** A TCP port number. */
export const isPort = (port: unknown): boolean => typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;

/** Throws InputError naming the container and the first value docker cannot take. */
export const checkContainer = (r: DockerContainer): void => {
  const fail = (problem: string): never => {
    throw new InputError(`docker container ${JSON.stringify(r.name)}: ${problem}`);
  };
  for (const [where, value] of strings(r, 'record')) if (value.includes('\0')) fail(`${where} contains a NUL character, which no command line can carry`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(r.name)) fail('the name must consist of letters, digits, "_", "." and "-"');
  if (!IMAGE_PATTERN.test(r.image)) fail(`image ${JSON.stringify(r.image)} is not an image reference`);
  if (r.command.length === 0 || r.command[0] === '') fail('the command is empty');
  for (const name of Object.keys(r.environment)) if (!ENV_NAME.test(name)) fail(`environment name ${JSON.stringify(name)} is not a variable name`);
  if (r.workdir !== null && !r.workdir.startsWith('/')) fail(`workdir ${JSON.stringify(r.workdir)} is not an absolute path`);
  if (r.user === null && r.group !== null) fail('a group is set without a user');
  if (!['no', 'on-failure', 'always'].includes(r.restart.policy)) fail(`restart policy ${JSON.stringify(r.restart.policy)} is not no, on-failure or always`);
  if (!Number.isInteger(r.restart.maxRetries) || r.restart.maxRetries < 0) fail('restart.maxRetries must be a non-negative integer');
  if (!SIGNAL.test(r.stopSignal)) fail(`stop signal ${JSON.stringify(r.stopSignal)} is not a signal name such as SIGTERM`);
  if (!Number.isInteger(r.stopTimeout) || r.stopTimeout < 0) fail('stopTimeout must be a whole number of seconds');
  for (const key of Object.keys(r.labels)) if (!LABEL_KEY.test(key)) fail(`label ${JSON.stringify(key)} is not a label key`);
  for (const port of r.ports) if (!isPort(port)) fail(`port ${JSON.stringify(port)} is not a TCP port`);
  if (r.network === 'host' && r.ports.length > 0) fail('ports cannot be published on the host network');
  for (const cap of r.capAdd) if (!CAPABILITY.test(cap)) fail(`capability ${JSON.stringify(cap)} is not a capability name`);
  for (const [target, mount] of Object.entries(r.mounts)) {
    for (const path of [target, mount.source]) {
      if (!path.startsWith('/')) fail(`mount path ${JSON.stringify(path)} is not absolute`);
      if (/[:,\n]/.test(path)) fail(`mount path ${JSON.stringify(path)} contains ":", "," or a line break, which --volume cannot carry`);
    }
  }
  if (r.healthcheck !== null && r.healthcheck.command.length === 0) fail('the healthcheck command is empty');
};
