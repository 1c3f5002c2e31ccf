// The floor: what the engine alone costs. Plain `podman run -d --network host --init` of
// exactly the commands, environment and mounts procform's docker backend records for each
// process (taken from a docker build of the model), one after the other without waiting,
// until the proxy answers; then one `podman rm -f` of all.
import { docker } from '../../src/backends/docker/index.js';
import { dockerRecordFile, type DockerContainer } from '../../src/backends/docker/record.js';
import { readRecordFile } from '../../src/deploy/record-file.js';
import type { BuildResult } from '../../src/build/build.js';
import { removeTree } from '../../src/store/write.js';
import { BASE_IMAGE } from '../../test/helpers/podman.js';
import { freePorts } from '../../test/helpers/wait.js';
import { advancedPorts, buildAdvanced, untilAdvancedAnswers, untilAdvancedSilent } from './advanced.js';
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
  const run = await runAndRemove(created, name, result, () => untilAnswer({ webapp, proxy }), () => untilSilent({ proxy }));
  removeTree(state);
  return run;
};

/** The same with the advanced example: eight containers, until every route of both proxies answers. */
export const plainAdvancedRun = async (created: Created, name: string): Promise<PlainRun> => {
  const state = stateDir(created);
  const ports = await advancedPorts();
  const result = await buildAdvanced(docker, state, ports, { image: BASE_IMAGE, network: 'host', deployment: name });
  const run = await runAndRemove(created, name, result, () => untilAdvancedAnswers(ports), () => untilAdvancedSilent(ports));
  removeTree(state);
  return run;
};

/** `podman run` of every process of a docker build, in the model's order, until `untilUp`; then `podman rm -f` of all. */
const runAndRemove = async (created: Created, name: string, result: BuildResult, untilUp: () => Promise<void>, untilDown: () => Promise<void>): Promise<PlainRun> => {
  const runs = result.model.processes.map(({ instance }) => {
    const record = readRecordFile(result.processEntries.get(instance)!.path, dockerRecordFile);
    const container = `${name}-${instance}`;
    created.containers.add(container);
    return { container, args: plainRunArgs(record, container) };
  });

  const up = await timed(async () => {
    for (const { args } of runs) podmanOk(args);
    await untilUp();
  });
  const down = await timed(() => podmanOk(['rm', '-f', ...runs.map((r) => r.container)]));
  await untilDown();
  const left = runs.map((r) => r.container).filter((c) => exists('container', c));
  if (left.length > 0) throw new Error(`podman rm -f left ${left.join(', ')}`);
  return { up, down };
};
