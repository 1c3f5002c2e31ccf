// podman for the container tests: the settings this kind of machine needs (runc, rlimits
// within the hard limits, host network by default), the base image the tests build on, and
// a skip that turns into a failure under CI.
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onPath } from './programs.js';
import { acquireMachineLock } from './machine-lock.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The image scripts/test-base-image.sh builds: Debian 12 minbase, the managers, Node.js. */
export const BASE_IMAGE = 'localhost/procform-test-base:bookworm';

/**
 * Environment for every podman call of the tests (and for procform running podman).
 * Containers started by podman itself (images, kube play) get rlimits within the hard
 * limits, which a root without CAP_SYS_RESOURCE needs; with `ulimits: false` the
 * configuration leaves them out, for the docker backend, which must find working limits
 * on its own.
 */
export const podmanEnv = ({ ulimits = true }: { ulimits?: boolean } = {}): Record<string, string> => {
  const confPath = join(tmpdir(), `procform-tests${ulimits ? '' : '-no-ulimits'}.containers.conf`);
  writeFileSync(confPath, [
    '[containers]',
    ...(ulimits ? ['default_ulimits = ["nofile=1024:1024", "nproc=1000:1000"]'] : []),
    'netns = "host"',
    '[engine]',
    'runtime = "runc"',
    '',
  ].join('\n'));
  return { CONTAINERS_CONF: confPath, PROCFORM_DOCKER: 'podman' };
};

/** Runs podman; returns stdout, throws with stderr when it fails. */
export const podman = (args: readonly string[], options: { allowFailure?: boolean; timeout?: number } = {}): string => {
  const result = spawnSync('podman', args, { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8', timeout: options.timeout ?? 120_000 });
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`podman ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.error?.message}`);
  }
  return result.stdout;
};

/**
 * Skips the test unless podman (with runc) and root are available; under CI that is a
 * failure instead, since .ci/run installs them.
 */
export const skipWithoutPodman = (t: TestContext): boolean => {
  const missing = process.getuid?.() !== 0 ? 'root' : !onPath('podman') ? 'podman' : !onPath('runc') ? 'runc' : !onPath('debootstrap') ? 'debootstrap' : null;
  if (missing === null) return false;
  if (process.env.CI === 'true') assert.fail(`the container tests need ${missing} under CI (.ci/run installs it)`);
  t.skip(`needs ${missing}`);
  return true;
};

/**
 * Makes sure an image exists, building it once per machine. Test files run in parallel,
 * so a machine lock keeps two of them from running debootstrap at once.
 */
const ensureImage = async (image: string, lockName: string, build: () => { status: number | null; stderr: string }): Promise<string> => {
  const exists = () => spawnSync('podman', ['image', 'exists', image], { env: { ...process.env, ...podmanEnv() } }).status === 0;
  if (exists()) return image;
  const release = await acquireMachineLock(lockName);
  try {
    // Another file may have built it while this one waited.
    if (exists()) return image;
    const built = build();
    if (built.status !== 0) throw new Error(`building ${image} failed: ${built.stderr}`);
    return image;
  } finally {
    release();
  }
};

/** Makes sure the base image of scripts/test-base-image.sh exists. */
export const ensureBaseImage = (): Promise<string> => ensureImage(BASE_IMAGE, 'procform-test-base.lock', () =>
  spawnSync('bash', [join(root, 'scripts/test-base-image.sh'), BASE_IMAGE], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8', timeout: 600_000 }));

/**
 * The base the tests of `procform image` run on, built by `procform image base` as the
 * documentation says, so that path stays tested: Debian 13 with its own nodejs, tini and
 * every manager, plus procps for `ps` in the tests.
 */
export const IMAGE_BASE = 'localhost/procform-test-image-base:trixie';

/** Makes sure {@link IMAGE_BASE} exists, building it with `procform image base` once per machine. */
export const ensureImageBase = (): Promise<string> => ensureImage(IMAGE_BASE, 'procform-test-image-base.lock', () =>
  spawnSync(process.execPath, [join(root, 'bin/procform.js'), 'image', 'base', '-t', IMAGE_BASE, '--package', 'procps', '-q'], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8', timeout: 900_000 }));

/**
 * The image the container tests of the real stack run on (scripts/test-stack-image.sh):
 * {@link BASE_IMAGE} plus Debian 12's PostgreSQL 15, Redis and nginx.
 */
export const STACK_IMAGE = 'localhost/procform-test-stack:bookworm';

/** Makes sure {@link STACK_IMAGE} exists, building it (and its base) once per machine. */
export const ensureStackImage = async (): Promise<string> => {
  await ensureBaseImage();
  return ensureImage(STACK_IMAGE, 'procform-test-stack.lock', () =>
    spawnSync('bash', [join(root, 'scripts/test-stack-image.sh'), STACK_IMAGE, BASE_IMAGE], { env: { ...process.env, ...podmanEnv() }, encoding: 'utf8', timeout: 600_000 }));
};
