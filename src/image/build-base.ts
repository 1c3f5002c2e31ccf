/**
 * Building a base image from Debian's packages alone (`procform image base`): debootstrap
 * makes a minimal root file system with Node.js, tini and the managers in a temporary
 * directory, its Node.js is checked, the package caches go, and the tree is imported
 * with `$PROCFORM_DOCKER import` (default docker; podman works). Needs root and
 * debootstrap; no registry.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { basePackages, checkBaseRequest, checkNodeVersion, debootstrapArguments, importArguments, installedVersion, type BaseRequest } from './base-image.js';
import { dockerCommand } from './docker-build.js';
import { ImageBuildError } from './errors.js';

/** What was built. */
export interface BuiltBase {
  readonly tag: string;
  readonly suite: string;
  readonly packages: readonly string[];
  /** The Debian version of nodejs in the image. */
  readonly node: string;
}

const TAIL_LINES = 15;

/**
 * Resolves when the child exits 0; otherwise rejects with its last output lines. Its
 * stdout is read only when `readStdout` (tar's goes to the importer).
 */
const finished = (child: ChildProcess, what: string, onOutput: (chunk: Buffer) => void, missingHint: string, readStdout = true): Promise<void> =>
  new Promise((resolve, reject) => {
    let tail = '';
    const collect = (chunk: Buffer): void => {
      onOutput(chunk);
      tail = (tail + chunk.toString('utf8')).split('\n').slice(-TAIL_LINES - 1).join('\n');
    };
    if (readStdout) child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new InputError(`${what} is not installed`, missingHint) : new ImageBuildError(`cannot run ${what}: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ImageBuildError(`${what} failed (${signal ?? `exit ${code}`}):\n${tail.trimEnd()}`));
    });
  });

/** Removes what only the package manager's download needed. */
const clean = (root: string): void => {
  for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
    for (const name of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (name.isFile()) rmSync(join(root, dir, name.name), { force: true });
    }
  }
};

/** Builds the base image; `onOutput` receives debootstrap's and the importer's output. */
export const buildBaseImage = async (request: BaseRequest, onOutput: (chunk: Buffer) => void = () => {}): Promise<BuiltBase> => {
  checkBaseRequest(request);
  if (process.getuid?.() !== 0) throw new InputError('procform image base runs debootstrap, which needs root', 'run it as root, for example with sudo');
  const work = mkdtempSync(join(tmpdir(), 'procform-base-'));
  try {
    const root = join(work, 'root');
    const debootstrap = spawn('debootstrap', debootstrapArguments(request, root), { stdio: ['ignore', 'pipe', 'pipe'] });
    await finished(debootstrap, 'debootstrap', onOutput, 'install it (apt-get install debootstrap)');
    const node = checkNodeVersion(request.suite, installedVersion(readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8'), 'nodejs'));
    clean(root);
    const command = dockerCommand();
    const importer = spawn(command, importArguments(request), { stdio: ['pipe', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // An importer that fails early closes its stdin: tar then ends on EPIPE, and the importer's error is the one reported.
    importer.stdin.on('error', () => {});
    tar.stdout.pipe(importer.stdin);
    const archived = finished(tar, 'tar', () => {}, 'install tar', false);
    archived.catch(() => {});
    await finished(importer, `${command} import`, onOutput, 'install docker or podman, or set PROCFORM_DOCKER');
    await archived;
    return { tag: request.tag, suite: request.suite, packages: basePackages(request), node };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
};
