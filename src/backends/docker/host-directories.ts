/**
 * The directories a container (or a Swarm task) needs on the host before it starts: the
 * sources of its writable bind mounts (an engine refuses, or makes root-owned, a missing
 * one), the directories its activation names, and its state directories with their owners.
 * @module
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { createStateDirs } from '../../system/state-dirs.js';
import type { DockerContainer } from './record.js';

/** What of a record names host directories. */
export type HostDirectories = Pick<DockerContainer, 'mounts'> & { readonly activation: Pick<DockerContainer['activation'], 'directories' | 'stateDirs'> };

/** Makes the host directories `record` needs. */
export const makeHostDirectories = async (record: HostDirectories): Promise<void> => {
  for (const mount of Object.values(record.mounts)) if (!mount.readOnly) mkdirSync(mount.source, { recursive: true });
  for (const dir of record.activation.directories) {
    if (existsSync(dir.path)) continue;
    mkdirSync(dir.path, { recursive: true });
    if (dir.mode !== null) chmodSync(dir.path, Number.parseInt(dir.mode, 8));
  }
  await createStateDirs(record.activation.stateDirs, process.getuid?.() === 0);
};
