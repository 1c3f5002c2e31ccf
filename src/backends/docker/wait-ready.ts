/**
 * Waiting until a started container can serve its dependents, with procform's probes:
 * tcp and http from the host (the host network, or the port published on 127.0.0.1), exec
 * through `docker exec` inside the container, log lines from `docker logs --follow`. A
 * oneshot is ready once it exited 0.
 * @module
 */
import type { Readiness } from '../../model/readiness.js';
import { probeWhileUp } from '../probe-while-up.js';
import { followCommand } from '../stream-command.js';
import { dockerCommand, inspectContainer } from './engine.js';
import type { RunAs } from './accounts.js';
import type { DockerContainer } from './record.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Output lines of a container from its start on, by stream. */
const followLogs = (name: string) => followCommand(dockerCommand(), ['logs', '--follow', '--', name]);

/**
 * The probe as it runs on the host: ports through 127.0.0.1 on a bridge network, checks
 * through `docker exec`, as the process's user (the container itself starts as root).
 */
const hostSide = (record: DockerContainer, readiness: Readiness, runAs: RunAs | null): Readiness => {
  const bridge = record.network !== 'host';
  switch (readiness.kind) {
    case 'tcp':
    case 'http':
      return bridge ? { ...readiness, host: '127.0.0.1' } : readiness;
    case 'exec':
      return { ...readiness, command: [dockerCommand(), 'exec', ...(runAs === null ? [] : [`--user=${runAs.uid}:${runAs.gid}`]), '--', record.name, ...readiness.command] };
    default:
      return readiness;
  }
};

// The activator adds where the container's output is kept: the container itself is removed.
const exitedReason = (exitCode: number, before: string): string => `the container exited with code ${exitCode}${before}`;

/** A oneshot: done when its container exited, successfully when with code 0. */
const waitExited = async (record: DockerContainer, timeout: number): Promise<string | null> => {
  const deadline = Date.now() + timeout * 1000;
  for (;;) {
    const state = await inspectContainer(record.name);
    if (state === null) return 'the container disappeared';
    if (state.status === 'exited') return state.exitCode === 0 ? null : exitedReason(state.exitCode, '');
    if (Date.now() > deadline) return `still running after ${timeout} s`;
    await sleep(200);
  }
};

/** Resolves with null once the container is ready, or with why it is not; `runAs`, the process's ids. */
export const waitReady = async (record: DockerContainer, runAs: RunAs | null): Promise<string | null> => {
  const { readiness, type } = record.activation;
  if (type === 'oneshot') return waitExited(record, readiness?.timeout ?? 60);
  if (readiness === null) {
    const state = await inspectContainer(record.name);
    if (state === null) return 'the container disappeared';
    return state.status === 'exited' ? exitedReason(state.exitCode, ' right after it started') : null;
  }
  // Without a restart policy an exit is final; with one, the probe's deadline decides.
  return probeWhileUp(
    { readiness: hostSide(record, readiness, runAs), env: { ...process.env } as Record<string, string>, cwd: null, account: null, subscribeLines: followLogs(record.name), notify: null },
    async () => {
      const state = await inspectContainer(record.name);
      if (state === null) return 'the container disappeared';
      return state.status === 'exited' && record.restart.policy === 'no' ? exitedReason(state.exitCode, ' before it was ready') : null;
    },
  );
};
