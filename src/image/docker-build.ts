/**
 * Building a written context with the docker CLI, or whatever speaks it: the command is
 * `$PROCFORM_DOCKER` (e.g. `podman`), else `docker`. The build output is passed on as it
 * comes; on failure its last lines go into the error.
 * @module
 */
import { spawn } from 'node:child_process';
import { ImageBuildError } from './errors.js';
import type { WrittenContext } from './write-context.js';

/** The docker-compatible command to run. */
export const dockerCommand = (env: NodeJS.ProcessEnv = process.env): string => env.PROCFORM_DOCKER || 'docker';

/** The argv of the build (after the command). */
export const buildArguments = (context: WrittenContext, tag: string): string[] => ['build', '-t', tag, '-f', context.dockerfile, context.dir];

const TAIL_LINES = 15;

/** Runs the build; `onOutput` receives its output (stdout and stderr) as it arrives. */
export const buildImage = (context: WrittenContext, tag: string, onOutput: (chunk: Buffer) => void = () => {}): Promise<void> =>
  new Promise((resolve, reject) => {
    const command = dockerCommand();
    const child = spawn(command, buildArguments(context, tag), { stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer): void => {
      onOutput(chunk);
      tail = (tail + chunk.toString('utf8')).split('\n').slice(-TAIL_LINES - 1).join('\n');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new ImageBuildError(error.code === 'ENOENT'
        ? `${command} is not installed; build the context in ${context.dir} with docker, podman or buildah, or set PROCFORM_DOCKER`
        : `cannot run ${command}: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ImageBuildError(`${command} build failed (${signal ?? `exit ${code}`}) for the context in ${context.dir}:\n${tail.trimEnd()}`));
    });
  });
