/**
 * `procform image`: a container image in which one process manager supervises every
 * process of the model, like nix-processmgmt's createMultiProcessImage; with --mutable,
 * one that deploys the model at its first start and takes `procform switch` later, like
 * createMutableMultiProcessImage. It writes a build context (Dockerfile + rootfs/) any
 * docker-compatible builder builds, and with --build builds it with $PROCFORM_DOCKER.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { InputError } from '../../errors.js';
import { imageContext } from '../../image/context.js';
import { buildImage, dockerCommand } from '../../image/docker-build.js';
import { collectImageInput } from '../../image/prepare.js';
import { inWorker } from '../../build/in-worker.js';
import { checkBaseImage, checkImageTag } from '../../image/reference.js';
import { IMAGE_MANAGERS, type ImageManager } from '../../image/types.js';
import { writeContext } from '../../image/write-context.js';
import { removeTree } from '../../store/write.js';
import { withJsonOption, withModelOptions } from '../options.js';
import { DIRECTORIES, loadIds, modelFile, resolveParams, type ModelOptions } from '../params.js';
import { progress } from '../progress.js';
import { imageBaseCommand } from './image-base.js';

/** The default `FROM` image: Debian with Node.js 20, which procform needs in every image. */
export const DEFAULT_BASE = 'node:20-bookworm-slim';

interface ImageOptions extends ModelOptions {
  readonly tag?: string;
  readonly output?: string;
  readonly base: string;
  readonly include?: readonly string[];
  readonly mutable?: boolean;
  readonly build?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

/** Variables that describe this machine's deployment, not the image's: ignored for images. */
const HOST_VARIABLES = new Set(['PROCFORM_STATE_DIR', 'PROCFORM_STORE_DIR', 'PROCFORM_FORCE_DISABLE_USER_CHANGE', ...DIRECTORIES.map((d) => d.env)]);

const withoutHostDirectories = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([name]) => !HOST_VARIABLES.has(name)));

/** Runs the image command. */
export const runImage = async (options: ImageOptions): Promise<void> => {
  const report = progress(options.quiet || options.json);
  const manager = (options.processManager ?? 'embedded') as ImageManager;
  const tag = options.tag === undefined ? null : checkImageTag(options.tag);
  checkBaseImage(options.base);
  if (options.build && tag === null) throw new InputError('--build needs --tag NAME[:TAG]');
  if (options.output === undefined && !options.build) throw new InputError('say where to write the build context with -o DIR, or build it right away with --build');

  const file = modelFile(options);
  const env = withoutHostDirectories();
  // The image's directories: /var unless given, user change on (the container runs as root).
  const params = {
    ...resolveParams({ ...options, stateDir: options.stateDir ?? '/var', forceDisableUserChange: options.forceDisableUserChange ?? false }, loadIds(options, file), env),
    callingUser: 'root',
    callingGroup: 'root',
  };
  const explicitIds = options.ids ?? env.PROCFORM_IDS;
  report.step(`building ${file} for a ${options.mutable ? 'mutable ' : ''}${manager} image`);
  // The image's build: its directories, no checks against this machine, postInstall in a temporary directory.
  const build = await inWorker({ kind: 'build', file, params: { ...params, processManager: manager }, backend: manager, hostChecks: false, realize: 'temporary', check: false });
  const input = collectImageInput({
    manager, mutable: options.mutable === true, base: options.base, includes: options.include ?? [], modelFile: file,
    idsFile: explicitIds === undefined ? null : resolve(explicitIds),
    extraParams: options.extraParams ?? env.PROCFORM_EXTRA_PARAMS ?? null,
  }, build);
  const context = imageContext(input);
  const temporary = options.output === undefined;
  const written = writeContext(context, options.output ?? mkdtempSync(join(tmpdir(), 'procform-image-')));
  report.done(`context in ${written.dir}: ${context.items.length} items, ${context.description.processes.length} processes`);
  try {
    if (options.build) {
      report.step(`${dockerCommand()} build -t ${tag}`);
      await buildImage(written, tag!, options.quiet || options.json ? undefined : (chunk) => process.stderr.write(chunk));
      report.done(`built ${tag}`);
    }
  } finally {
    if (temporary) removeTree(written.dir);
  }
  const stop = context.description.stopTimeout;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ context: temporary ? null : written.dir, dockerfile: temporary ? null : written.dockerfile, tag, built: options.build === true, manager, mutable: context.description.mutable, generation: context.description.generation, processes: context.description.processes, stopTimeout: stop })}\n`);
    return;
  }
  if (!temporary) process.stdout.write(`${written.dir}\n`);
  if (stop > 10) report.step(`stopping may take up to ${stop} s: run with --stop-timeout ${stop} (docker stop -t ${stop}), docker's default is 10 s`);
};

/** The image command. */
export const imageCommand = (): Command => {
  const command = new Command('image')
    .summary('build a container image in which a process manager runs every process of the model')
    .description([
      'Writes a build context (Dockerfile and rootfs/) for an image whose main process is tini (signals forwarded, orphans reaped) running one process manager over every process of the model: the store entries at their store paths, the files the processes name at their paths, users and groups created with the ids of the ids file, state directories made. Directories are the image\'s: /var unless --state-dir and the like say otherwise ($PROCFORM_*_DIR of this machine are ignored); user change is on, as the container runs as root.',
      '',
      'Managers: embedded (procform\'s supervisor; `procform status`, `logs`, `restart` work inside the container), supervisord, s6 (.s6-svscan/SIGTERM stops the services in reverse order), sysvinit (a foreground script; crashed processes are not restarted). Every image starts the processes as `procform switch` does: in dependency order, each once what it depends on is ready (tcp, http, exec, log, notify readiness). When they do not come up, what started is stopped and the container exits non-zero. `docker stop` stops the processes in reverse dependency order; when the stop timeouts of the processes add up to more than 10 s, run the container with --stop-timeout (or docker stop -t) of that sum, which procform prints.',
      '',
      'The base image needs /bin/sh, getent/groupadd/useradd when the model has accounts, and Node.js 20, since procform runs in every image (checked while building); tini and the manager are installed with apt-get when it lacks them. `procform image base` builds such a base from Debian\'s packages alone. The image gets the files of this machine its processes name (executables and path arguments, outside system directories), not the rest of the model\'s directory; copy more paths with --include.',
      '',
      'With --mutable the image carries procform and the model (/etc/procform/model, with an --ids file as /etc/procform/ids.json) instead of a built generation: the first start deploys the model with the chosen manager, `docker exec CONTAINER procform switch` after editing the model applies only the changes, and the state under the state dir (mount a volume on /var) brings the current generation back after a restart. Every manager works mutable.',
    ].join('\n'))
    .addHelpText('after', [
      '',
      'Examples:',
      '  procform image -f processes.ts -P supervisord -t webapps:1 --build',
      '  docker run --rm --network host --stop-timeout 20 webapps:1',
      '  procform image -f processes.ts -o image/ --base node:20-bookworm-slim   # then: docker build -t webapps:1 image/',
      '  procform image -f processes.ts --mutable -t webapps:mutable --build',
      '  docker run -d --name web --network host -v web-state:/var webapps:mutable',
      '  docker exec web procform switch -f /etc/procform/model/processes.ts',
      '',
      '--json prints {context, dockerfile, tag, built, manager, mutable, generation, processes, stopTimeout}.',
    ].join('\n'))
    .addOption(new Option('-P, --process-manager <name>', 'the manager the image runs (default: embedded)').choices(IMAGE_MANAGERS))
    .option('-t, --tag <name:tag>', 'image name, needed with --build')
    .option('-o, --output <dir>', 'write the build context here (a new or empty directory, or one procform wrote)')
    .option('--base <image>', 'the FROM image', DEFAULT_BASE)
    .option('--include <path>', 'also copy this path of this machine to the same place in the image (repeatable)', (path: string, all: string[] = []) => [...all, path])
    .option('--mutable', 'deploy the model at the first start; procform switch inside the container upgrades it')
    .option('--build', 'build the image with $PROCFORM_DOCKER (default docker; podman works) build')
    .option('-q, --quiet', 'no progress on stderr');
  withModelOptions(command);
  withJsonOption(command);
  // `image base -t …` is the subcommand's option, not image's of the same name (the root is positional too).
  command.enablePositionalOptions().addCommand(imageBaseCommand());
  return command.action((options: ImageOptions) => runImage(options));
};
