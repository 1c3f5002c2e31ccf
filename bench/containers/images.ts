// Multi-process images of the webapps example, one manager at a time, through the CLI as
// a user runs it: `procform image --build` on the test base image, `podman run -d
// --network host` until the proxy answers, `podman stop -t 30`. Each run builds from a
// fresh copy of the example (its own ports and directory, so its model layers are new)
// after a warm-up build has filled the cache of the base layers; the warm time is what
// is reported.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImageManager } from '../../src/image/types.js';
import { webappsCopy } from '../../test/image/helpers.js';
import { BASE_IMAGE } from '../../test/helpers/podman.js';
import { freePorts } from '../../test/helpers/wait.js';
import { runOk } from '../supervisor/poll.js';
import { timed, untilAnswer } from './answer.js';
import { imageIds, type Created } from './created.js';
import { exists, podmanOk } from './engine.js';

const bin = fileURLToPath(new URL('../../bin/procform.js', import.meta.url));

/** One run's figures, in ms, and the container's exit code after the stop. */
export interface ImageRun {
  readonly build: number;
  readonly start: number;
  readonly stop: number;
  readonly exitCode: string;
}

/** Builds the image of a fresh copy of the example as `tag`; returns the build's ms and the copy's ports. */
const buildImage = async (created: Created, manager: ImageManager, tag: string): Promise<{ ms: number; webapp: number; proxy: number }> => {
  const [webapp, proxy] = await freePorts(2) as [number, number];
  const copy = webappsCopy({ webapp, proxy });
  created.dirs.add(copy.dir);
  const before = imageIds();
  try {
    const ms = await timed(() => runOk(process.execPath, [bin, 'image', '-q', '-f', copy.model, '-P', manager, '--base', BASE_IMAGE, '-o', join(copy.dir, 'context'), '-t', tag, '--build'], { timeoutMs: 300_000 }));
    return { ms, webapp, proxy };
  } finally {
    if (exists('image', tag)) created.image(tag, before, BASE_IMAGE);
    rmSync(copy.dir, { recursive: true, force: true });
  }
};

/** The warm-up build: the image stays (its base layers are the cache) until `created.removeImage(tag)`. */
export const warmUp = async (created: Created, manager: ImageManager, tag: string): Promise<number> =>
  (await buildImage(created, manager, tag)).ms;

/** One measured run: build, start until the proxy answers, stop; the container and image are removed. */
export const imageRun = async (created: Created, manager: ImageManager, tag: string, name: string): Promise<ImageRun> => {
  const { ms: build, webapp, proxy } = await buildImage(created, manager, tag);
  created.containers.add(name);
  const start = await timed(async () => {
    podmanOk(['run', '-d', `--name=${name}`, '--network=host', tag]);
    await untilAnswer({ webapp, proxy });
  });
  const stop = await timed(() => podmanOk(['stop', '-t', '30', name], 90_000));
  const exitCode = podmanOk(['inspect', '--format', '{{.State.ExitCode}}', name]).stdout.trim();
  podmanOk(['rm', name]);
  created.removeImage(tag);
  return { build, start, stop, exitCode };
};
