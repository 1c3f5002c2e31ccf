/**
 * `procform image base`: a base image for `procform image` from Debian's packages alone,
 * without a registry: debootstrap with Node.js, tini and the managers, imported with
 * $PROCFORM_DOCKER (docker or podman).
 * @module
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkBaseRequest, DEFAULT_MIRROR, DEFAULT_SUITE, defaultBaseTag } from '../../image/base-image.js';
import { buildBaseImage } from '../../image/build-base.js';
import { dockerCommand } from '../../image/docker-build.js';
import { IMAGE_MANAGERS, type ImageManager } from '../../image/types.js';
import { withJsonOption } from '../options.js';
import { progress } from '../progress.js';

interface BaseOptions {
  readonly tag?: string;
  readonly suite: string;
  readonly processManager?: readonly ImageManager[];
  readonly package?: readonly string[];
  readonly mirror?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

const collect = (value: string, all: readonly string[] = []): string[] => [...all, value];

const manager = (value: string, all: readonly ImageManager[] = []): ImageManager[] => {
  if (!(IMAGE_MANAGERS as readonly string[]).includes(value)) throw new InvalidArgumentError(`Allowed choices are ${IMAGE_MANAGERS.join(', ')}.`);
  return [...all, value as ImageManager];
};

/** Runs the base command. */
export const runImageBase = async (options: BaseOptions): Promise<void> => {
  const quiet = options.quiet || options.json;
  const report = progress(quiet);
  const request = checkBaseRequest({
    suite: options.suite,
    managers: options.processManager ?? IMAGE_MANAGERS,
    packages: options.package ?? [],
    mirror: options.mirror ?? process.env.PROCFORM_DEBIAN_MIRROR ?? DEFAULT_MIRROR,
    tag: options.tag ?? defaultBaseTag(options.suite),
  });
  report.step(`debootstrap ${request.suite} with Node.js, tini and ${request.managers.join(', ')}; then ${dockerCommand()} import as ${request.tag}`);
  const built = await buildBaseImage(request, quiet ? undefined : (chunk) => process.stderr.write(chunk));
  report.done(`built ${built.tag} (nodejs ${built.node})`);
  process.stdout.write(options.json ? `${JSON.stringify(built)}\n` : `${built.tag}\n`);
};

/** The `image base` subcommand. */
export const imageBaseCommand = (): Command => {
  const command = new Command('base')
    .summary('build a base image from Debian\'s packages alone (debootstrap; no registry)')
    .description([
      `Builds a base image for procform image without a registry: debootstrap makes a minimal Debian system (default ${DEFAULT_SUITE}, Debian 13, the first release whose nodejs is 20 or later) with nodejs, tini and the packages of the chosen managers (supervisor, s6; start-stop-daemon comes with dpkg), and $PROCFORM_DOCKER import (default docker; podman works) makes it an image, by default ${defaultBaseTag(DEFAULT_SUITE)}.`,
      '',
      'Needs root, debootstrap, and a Debian mirror (--mirror or $PROCFORM_DEBIAN_MIRROR). A release whose nodejs is older than 20 is refused after debootstrap, since procform runs in every image.',
    ].join('\n'))
    .addHelpText('after', [
      '',
      'Examples:',
      '  procform image base',
      `  procform image -f processes.ts -P s6 -t myapp:1 --build --base ${defaultBaseTag(DEFAULT_SUITE)}`,
      '  procform image base -P s6 --package procps -t localhost/myapp-base:1',
      '',
      '--json prints {tag, suite, packages, node}.',
    ].join('\n'))
    .option('-t, --tag <name:tag>', `the image's name (default ${defaultBaseTag('SUITE')})`)
    .option('--suite <name>', 'the Debian release', DEFAULT_SUITE)
    .addOption(new Option('-P, --process-manager <name>', `install this manager (repeatable; default: every one of ${IMAGE_MANAGERS.join(', ')})`).argParser(manager))
    .option('--package <name>', 'also install this Debian package (repeatable)', collect)
    .option('--mirror <url>', `the Debian mirror (default $PROCFORM_DEBIAN_MIRROR, else ${DEFAULT_MIRROR})`)
    .option('-q, --quiet', 'no progress on stderr');
  withJsonOption(command);
  return command.action((options: BaseOptions) => runImageBase(options));
};
