/**
 * Checks a service record before it is rendered: an override may have changed it, and
 * every value ends up in a stack file Swarm must accept as it is meant.
 * @module
 */
import { InputError } from '../../errors.js';
import { ENV_NAME } from '../../model/schema.js';
import { IMAGE_PATTERN } from '../docker/index.js';
import { isPort, strings } from '../docker/check.js';
import type { SwarmService } from './record.js';

const SIGNAL = /^SIG[A-Z0-9]+$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const CAPABILITY = /^CAP_[A-Z_]+$/;
const PREFERENCE = /^spread=\S+$/;

const isCount = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** Throws InputError naming the service and the first value Swarm cannot take. */
export const checkService = (r: SwarmService): void => {
  const fail = (problem: string): never => {
    throw new InputError(`swarm service ${JSON.stringify(r.key)}: ${problem}`);
  };
  for (const [where, value] of strings(r, 'record')) if (value.includes('\0')) fail(`${where} contains a NUL character, which no command line can carry`);
  if (!IMAGE_PATTERN.test(r.image)) fail(`image ${JSON.stringify(r.image)} is not an image reference`);
  if (r.command.length === 0 || r.command[0] === '') fail('the command is empty');
  for (const name of Object.keys(r.environment)) if (!ENV_NAME.test(name)) fail(`environment name ${JSON.stringify(name)} is not a variable name`);
  if (r.workdir !== null && !r.workdir.startsWith('/')) fail(`workdir ${JSON.stringify(r.workdir)} is not an absolute path`);
  if (r.user === null && r.group !== null) fail('a group is set without a user');
  if (!isCount(r.replicas) || r.replicas < 1) fail('replicas must be a whole number of at least 1');
  if (![r.restart.maxAttempts, r.restart.delaySeconds, r.restart.windowSeconds].every(isCount)) fail('restart.maxAttempts, delaySeconds and windowSeconds must be whole numbers');
  if (!SIGNAL.test(r.stopSignal)) fail(`stop signal ${JSON.stringify(r.stopSignal)} is not a signal name such as SIGTERM`);
  if (!isCount(r.stopGraceSeconds)) fail('stopGraceSeconds must be a whole number of seconds');
  for (const key of Object.keys(r.labels)) if (!LABEL_KEY.test(key)) fail(`label ${JSON.stringify(key)} is not a label key`);
  for (const port of r.ports) if (!isPort(port)) fail(`port ${JSON.stringify(port)} is not a TCP port`);
  if (r.network === 'host' && r.ports.length > 0) fail('ports cannot be published on the host network');
  for (const cap of r.capAdd) if (!CAPABILITY.test(cap)) fail(`capability ${JSON.stringify(cap)} is not a capability name such as CAP_SYS_NICE`);
  for (const preference of r.placement.preferences) if (!PREFERENCE.test(preference)) fail(`placement preference ${JSON.stringify(preference)} is not spread=<descriptor>`);
  for (const constraint of r.placement.constraints) if (!/^[^=!]+(==|!=).+$/.test(constraint)) fail(`placement constraint ${JSON.stringify(constraint)} is not <attribute>==<value> or <attribute>!=<value>`);
  for (const [target, mount] of Object.entries(r.mounts)) {
    for (const path of [target, mount.source]) if (!path.startsWith('/')) fail(`mount path ${JSON.stringify(path)} is not absolute`);
  }
  if (r.healthcheck !== null && r.healthcheck.test.length === 0) fail('the healthcheck command is empty');
};
