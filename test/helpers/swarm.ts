// A one-node Docker Swarm of the test's own: a dockerd of its own (dockerd.ts), made a
// swarm manager with `docker swarm init --advertise-addr 127.0.0.1`. Swarm adds a bridge
// to the machine's network (docker_gwbridge), which two engines cannot share: one swarm
// runs at a time, under a machine-wide lock. Stopping leaves the swarm, stops the engine
// and removes the bridge, whatever the test did.
import { spawnSync } from 'node:child_process';
import { acquireMachineLock } from './machine-lock.js';
import { startDockerd, type Dockerd } from './dockerd.js';

/** The bridge Swarm adds to the host's network namespace. */
const GATEWAY_BRIDGE = 'docker_gwbridge';

/** Starts dockerd, makes it a one-node swarm, and returns it. */
export const startSwarm = async (): Promise<Dockerd> => {
  const release = await acquireMachineLock('docker-swarm');
  let engine: Dockerd | null = null;
  const docker = (args: readonly string[]) => spawnSync('docker', ['-H', engine!.host, ...args], { encoding: 'utf8', timeout: 120_000 });
  const stop = async (): Promise<void> => {
    try {
      if (engine !== null) {
        docker(['swarm', 'leave', '--force']);
        await engine.stop();
      }
    } finally {
      if (spawnSync('ip', ['link', 'show', GATEWAY_BRIDGE]).status === 0) spawnSync('ip', ['link', 'delete', GATEWAY_BRIDGE]);
      release();
    }
  };
  try {
    engine = await startDockerd();
    const init = docker(['swarm', 'init', '--advertise-addr', '127.0.0.1']);
    if (init.status !== 0) throw new Error(`docker swarm init failed: ${init.stderr}\n--- dockerd log\n${engine.log()}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: engine.host, log: engine.log, stop };
};
