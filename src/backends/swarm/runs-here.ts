/**
 * Whether a swarm manager answers here, for `procform test`.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { dockerCommand } from '../docker/index.js';

/** Why no engine in swarm mode answers as a manager, or null when one does. */
export const swarmMissing = (): string | null => {
  const command = dockerCommand();
  const answer = spawnSync(command, ['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'], { encoding: 'utf8', timeout: 20_000 });
  if (answer.error !== undefined) return `${command} is not installed (apt-get install docker.io)`;
  if (answer.status !== 0) return `${command} does not reach an engine (${answer.stderr.trim().split('\n')[0] ?? ''}): start dockerd, or point DOCKER_HOST at a swarm manager`;
  const [state, manager] = answer.stdout.trim().split(' ');
  if (state !== 'active') return `the engine is not in swarm mode (${state ?? 'unknown'}): docker swarm init --advertise-addr 127.0.0.1 makes a one-node swarm`;
  if (manager !== 'true') return 'the engine is a swarm worker: point DOCKER_HOST at a manager';
  return null;
};
