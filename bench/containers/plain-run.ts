// The floor: what the engine alone costs. Two plain `podman run -d --network host --init`
// of exactly the commands, environment and mounts procform's docker backend records for
// the webapp and the proxy (taken from a docker build of the model), both started at
// once, until the proxy answers; then `podman rm -f` of both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, RECORD_FILE, type DockerContainer } from '../../src/backends/docker/index.js';
import { removeTree } from '../../src/store/write.js';
import { BASE_IMAGE } from '../../test/helpers/podman.js';
import { freePorts } from '../../test/helpers/wait.js';
import { timed, untilAnswer, untilSilent } from './answer.js';
import type { Created } from './created.js';
import { exists, podmanOk } from './engine.js';
import { buildWebapps, stateDir } from './model.js';

/** One run's figures, in ms. */
export interface PlainRun {
  readonly up: number;
  readonly down: number;
}

/** `podman run` arguments for a record's command, environment and mounts, under `name`. */
export const plainRunArgs = (record: DockerContainer, name: string): string[] => [
  'run', '-d', `--name=${name}`, '--network=host', '--init',
  ...Object.entries(record.environment).map(([key, value]) => `--env=${key}=${value}`),
  ...Object.entries(record.mounts).map(([target, m]) => `--volume=${m.source}:${target}${m.readOnly ? ':ro' : ''}`),
  record.image, ...record.command,
];

/** Runs the webapp and the proxy once as plain containers named after `name`, then removes them. */
export const plainRun = async (created: Created, name: string): Promise<PlainRun> => {
  const state = stateDir(created);
  const [webapp, proxy] = await freePorts(2) as [number, number];
  const result = await buildWebapps(docker, state, { webapp, proxy }, { image: BASE_IMAGE, network: 'host', deployment: name });
  const runs = ['webapp', 'nginx'].map((instance) => {
    const record = JSON.parse(readFileSync(join(result.processEntries.get(instance)!.path, RECORD_FILE), 'utf8')) as DockerContainer;
    const container = `${name}-${instance}`;
    created.containers.add(container);
    return { container, args: plainRunArgs(record, container) };
  });

  const up = await timed(async () => {
    for (const { args } of runs) podmanOk(args);
    await untilAnswer({ webapp, proxy });
  });
  const down = await timed(() => podmanOk(['rm', '-f', ...runs.map((r) => r.container)]));
  await untilSilent({ webapp, proxy });
  const left = runs.map((r) => r.container).filter((c) => exists('container', c));
  if (left.length > 0) throw new Error(`podman rm -f left ${left.join(', ')}`);
  removeTree(state);
  return { up, down };
};
