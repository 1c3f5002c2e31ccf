// A Docker Engine of the test's own: `dockerd` on a socket, data root and exec root in a
// temporary directory, without iptables or a bridge (this machine's kernel has neither for
// it), so containers use the host network. Stopped, with its containers, afterwards.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { podmanEnv } from './podman.js';
import { onPath } from './programs.js';
import { alive, waitFor } from './wait.js';

/** A running engine: its DOCKER_HOST, and how to stop it. */
export interface Dockerd {
  readonly host: string;
  /** The engine's own log, for a failure's message. */
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Why dockerd cannot run here (null when it can). */
export const dockerdMissing = (): string | null =>
  process.getuid?.() !== 0 ? 'root' : !onPath('dockerd') ? 'dockerd (apt-get install docker.io)' : !onPath('docker') ? 'docker' : !onPath('podman') ? 'podman (the tests\' images are built with it)' : null;

/** Starts dockerd and waits until it answers. */
export const startDockerd = async (): Promise<Dockerd> => {
  const dir = mkdtempSync(join(tmpdir(), 'pf-dockerd-'));
  const socket = join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const logFile = join(dir, 'dockerd.log');
  const out = openSync(logFile, 'a');
  const daemon = spawn('dockerd', [
    '--iptables=false', '--ip6tables=false', '--bridge=none',
    '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'exec'), '--pidfile', join(dir, 'dockerd.pid'), '-H', host,
  ], { stdio: ['ignore', out, out], detached: true });
  const log = () => { try { return readFileSync(logFile, 'utf8').slice(-2000); } catch { return ''; } };
  const docker = (args: readonly string[]) => spawnSync('docker', ['-H', host, ...args], { encoding: 'utf8' });
  await waitFor(`dockerd to answer on ${socket}`, () => docker(['version']).status === 0, 60_000).catch((error: Error) => {
    throw new Error(`${error.message}\n--- dockerd log\n${log()}`);
  });
  return {
    host,
    log,
    async stop() {
      const ids = docker(['ps', '-aq']).stdout.split('\n').filter(Boolean);
      if (ids.length > 0) docker(['rm', '-f', ...ids]);
      if (daemon.pid !== undefined && alive(daemon.pid)) process.kill(daemon.pid, 'SIGTERM');
      await waitFor('dockerd to stop', () => daemon.exitCode !== null || daemon.signalCode !== null, 30_000).catch(() => {
        if (daemon.pid !== undefined && alive(daemon.pid)) process.kill(daemon.pid, 'SIGKILL');
      });
      // dockerd leaves its network namespace bind-mounted (and overlays, if killed).
      const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '').filter((path) => path.startsWith(`${dir}/`));
      for (const path of mounts.reverse()) spawnSync('umount', ['-l', path]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** Copies a podman image into the engine (`podman save | docker load`). */
export const loadImage = (engine: Dockerd, image: string): void => {
  const copied = spawnSync('bash', ['-o', 'pipefail', '-c', 'podman save "$1" | docker -H "$2" load', 'bash', image, engine.host], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8' });
  if (copied.status !== 0) throw new Error(`podman save ${image} | docker load failed: ${copied.stderr}`);
};
