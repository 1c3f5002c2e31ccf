/**
 * Whether a container engine answers here, for `procform test`.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { dockerCommand } from './engine.js';

/** Why the engine does not answer, or null when it does. */
export const engineMissing = (): string | null => {
  const command = dockerCommand();
  const answer = spawnSync(command, ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 20_000 });
  if (answer.error !== undefined) return `${command} is not installed (apt-get install docker.io, or set PROCFORM_DOCKER=podman)`;
  if (answer.status !== 0) return `${command} does not reach an engine (${answer.stderr.trim().split('\n')[0] ?? ''}): start dockerd, or set PROCFORM_DOCKER=podman`;
  return null;
};
